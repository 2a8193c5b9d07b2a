#!/usr/bin/env python3
"""ansi2html.py TITLE < capture > page.html

A terminal screen as tmux capture-pane -e -N prints it (text and SGR
escape sequences) as an HTML page of one <pre>, for a screenshot.

Written for the wizard's screenshots because aha drops reverse video
once the default colours are named after it (ESC[7m ESC[39m ESC[49m,
which is what tmux writes): the cursor line and the status line of the
monochrome scheme came out invisible.
"""
import html
import re
import sys

# xterm's default palette: the 8 colours, then their bright forms.
PALETTE = [
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd",
    "#00cdcd", "#e5e5e5", "#7f7f7f", "#ff0000", "#00ff00", "#ffff00",
    "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
]
FG, BG = "#d0d0d0", "#1c1c1c"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6],
                                  steps[n % 6])
    grey = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (grey, grey, grey)


class Pen:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.underline = self.reverse = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c in (1, 2, 4, 7):
                setattr(self, {1: "bold", 2: "dim", 4: "underline",
                               7: "reverse"}[c], True)
            elif c == 22:
                self.bold = self.dim = False
            elif c in (24, 27):
                setattr(self, "underline" if c == 24 else "reverse", False)
            elif 30 <= c <= 37 or 90 <= c <= 97:
                self.fg = PALETTE[c - 30 if c < 90 else c - 82]
            elif 40 <= c <= 47 or 100 <= c <= 107:
                self.bg = PALETTE[c - 40 if c < 100 else c - 92]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                setattr(self, "fg" if c == 38 else "bg",
                        colour256(codes[i + 2]))
                i += 2
            i += 1

    def style(self):
        fg, bg = self.fg or FG, self.bg or BG
        if self.reverse:
            fg, bg = bg, fg
        css = ["color:%s" % fg, "background:%s" % bg]
        if self.bold:
            css.append("font-weight:bold")
        if self.dim:
            css.append("opacity:0.55")
        if self.underline:
            css.append("text-decoration:underline")
        return ";".join(css)


def convert(text):
    pen, out, pos = Pen(), [], 0
    for m in SGR.finditer(text):
        out.append((pen.style(), text[pos:m.start()]))
        pen.apply(m.group(1))
        pos = m.end()
    out.append((pen.style(), text[pos:]))
    return "".join('<span style="%s">%s</span>' % (s, html.escape(t))
                   for s, t in out if t)


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "screen"
    body = convert(sys.stdin.read().rstrip("\n"))
    print("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
          "<title>%s</title><style>body{background:%s;margin:10px}"
          "pre{font-family:'DejaVu Sans Mono',monospace;font-size:14px;"
          "line-height:17px;margin:0;color:%s}</style></head>"
          "<body><pre>%s</pre></body></html>"
          % (html.escape(title), BG, FG, body))


if __name__ == "__main__":
    main()
