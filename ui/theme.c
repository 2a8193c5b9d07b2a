/* theme: see ui/theme.h. */
#include "config.h"

#include <langinfo.h>
#include <string.h>

#include "theme.h"

struct theme_style {
	short fg;		/* -1: the terminal's own */
	short bg;
	attr_t attr;
};

#define DEFAULT_COLOURS .fg = -1, .bg = -1

static const struct theme_style default_scheme[THEME_ELEMENT_COUNT] = {
	[THEME_NORMAL] = { DEFAULT_COLOURS },
	[THEME_TITLE] = { .fg = COLOR_WHITE, .bg = COLOR_BLUE, .attr = A_BOLD },
	[THEME_STATUS] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN },
	[THEME_STATUS_KEY] = { .fg = COLOR_WHITE, .bg = COLOR_CYAN, .attr = A_BOLD },
	[THEME_CURSOR] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN },
	[THEME_CURSOR_IDLE] = { .fg = -1, .bg = -1, .attr = A_REVERSE | A_DIM },
	[THEME_HEADING] = { .fg = COLOR_YELLOW, .bg = -1, .attr = A_BOLD },
	[THEME_CURRENT] = { .fg = COLOR_YELLOW, .bg = -1, .attr = A_BOLD },
	[THEME_LABEL] = { .fg = COLOR_GREEN, .bg = -1, .attr = A_BOLD },
	[THEME_COMMAND] = { .fg = COLOR_CYAN, .bg = -1 },
	[THEME_DIM] = { DEFAULT_COLOURS, .attr = A_DIM },
	[THEME_BAR_DONE] = { .fg = COLOR_GREEN, .bg = -1 },
	[THEME_BAR_TODO] = { DEFAULT_COLOURS, .attr = A_DIM },
	[THEME_STATE_PENDING] = { DEFAULT_COLOURS, .attr = A_DIM },
	[THEME_STATE_CONFIRMED] = { .fg = COLOR_CYAN, .bg = -1 },
	[THEME_STATE_RUNNING] = { .fg = COLOR_YELLOW, .bg = -1, .attr = A_BOLD },
	[THEME_STATE_DONE] = { .fg = COLOR_GREEN, .bg = -1 },
	[THEME_STATE_FAILED] = { .fg = COLOR_RED, .bg = -1, .attr = A_BOLD },
	[THEME_STATE_SKIPPED] = { DEFAULT_COLOURS, .attr = A_DIM },
	[THEME_STATE_UNKNOWN] = { .fg = COLOR_MAGENTA, .bg = -1, .attr = A_BOLD },
	[THEME_SVC_DOWN] = { .fg = COLOR_RED, .bg = -1, .attr = A_BOLD },
	[THEME_SVC_DISABLED] = { .fg = COLOR_YELLOW, .bg = -1 },
	[THEME_SVC_CHANGED] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW },
	[THEME_STALE] = { DEFAULT_COLOURS, .attr = A_DIM },
	[THEME_BANNER] = { .fg = COLOR_WHITE, .bg = COLOR_RED, .attr = A_BOLD },
	[THEME_PROMPT] = { .fg = COLOR_WHITE, .bg = COLOR_BLUE, .attr = A_BOLD },
	[THEME_OUTPUT_ERR] = { .fg = COLOR_YELLOW, .bg = -1 },
	[THEME_OUTPUT_NOTE] = { .fg = COLOR_MAGENTA, .bg = -1 },
};

/* The same distinctions without colour: what must stand out is bold or
 * reversed, what matters less is dim. */
static const attr_t monochrome_scheme[THEME_ELEMENT_COUNT] = {
	[THEME_NORMAL] = A_NORMAL,
	[THEME_TITLE] = A_REVERSE | A_BOLD,
	[THEME_STATUS] = A_REVERSE,
	[THEME_STATUS_KEY] = A_REVERSE | A_BOLD,
	[THEME_CURSOR] = A_REVERSE,
	[THEME_CURSOR_IDLE] = A_UNDERLINE,
	[THEME_HEADING] = A_BOLD,
	[THEME_CURRENT] = A_BOLD,
	[THEME_LABEL] = A_BOLD,
	[THEME_COMMAND] = A_NORMAL,
	[THEME_DIM] = A_DIM,
	[THEME_BAR_DONE] = A_BOLD,
	[THEME_BAR_TODO] = A_DIM,
	[THEME_STATE_PENDING] = A_DIM,
	[THEME_STATE_CONFIRMED] = A_NORMAL,
	[THEME_STATE_RUNNING] = A_BOLD,
	[THEME_STATE_DONE] = A_NORMAL,
	[THEME_STATE_FAILED] = A_BOLD | A_UNDERLINE,
	[THEME_STATE_SKIPPED] = A_DIM,
	[THEME_STATE_UNKNOWN] = A_BOLD,
	[THEME_SVC_DOWN] = A_BOLD,
	[THEME_SVC_DISABLED] = A_UNDERLINE,
	[THEME_SVC_CHANGED] = A_REVERSE,
	[THEME_STALE] = A_DIM,
	[THEME_BANNER] = A_REVERSE | A_BOLD,
	[THEME_PROMPT] = A_BOLD,
	[THEME_OUTPUT_ERR] = A_BOLD,
	[THEME_OUTPUT_NOTE] = A_DIM,
};

struct theme_marks {
	const char *utf8;
	const char *ascii;
};

static const struct theme_marks state_marks[UI_STATE_COUNT] = {
	[UI_STATE_PENDING] = { .utf8 = "·", .ascii = "." },
	[UI_STATE_CONFIRMED] = { .utf8 = "◇", .ascii = "c" },
	[UI_STATE_RUNNING] = { .utf8 = "▶", .ascii = ">" },
	[UI_STATE_DONE] = { .utf8 = "✓", .ascii = "+" },
	[UI_STATE_FAILED] = { .utf8 = "✗", .ascii = "!" },
	[UI_STATE_SKIPPED] = { .utf8 = "–", .ascii = "-" },
	[UI_STATE_UNKNOWN] = { .utf8 = "?", .ascii = "?" },
};

static const struct theme_marks glyphs[THEME_GLYPH_COUNT] = {
	[THEME_GLYPH_CURRENT] = { .utf8 = "▸", .ascii = ">" },
	[THEME_GLYPH_BAR_DONE] = { .utf8 = "█", .ascii = "#" },
	[THEME_GLYPH_BAR_TODO] = { .utf8 = "░", .ascii = "." },
	[THEME_GLYPH_CHANGED] = { .utf8 = "●", .ascii = "*" },
	[THEME_GLYPH_RULE] = { .utf8 = "─", .ascii = "-" },
	[THEME_GLYPH_SEPARATOR] = { .utf8 = "│", .ascii = "|" },
};

bool
theme_locale_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0;
}

static void
theme_init_colours(struct theme *theme)
{
	/* Without default colours (-1), white on black stands in. */
	bool own = start_color() == OK && use_default_colors() == OK;

	for (int e = 0; e < THEME_ELEMENT_COUNT; e++) {
		const struct theme_style *s = &default_scheme[e];
		short pair = (short)(e + 1);

		if (s->fg == -1 && s->bg == -1) {
			theme->attrs[e] = s->attr;
			continue;
		}
		init_pair(pair, s->fg != -1 || own ? s->fg : COLOR_WHITE,
			  s->bg != -1 || own ? s->bg : COLOR_BLACK);
		theme->attrs[e] = s->attr | COLOR_PAIR(pair);
	}
}

void
theme_init(struct theme *theme, bool monochrome, bool ascii)
{
	theme->monochrome = monochrome || !has_colors();
	theme->ascii = ascii;
	if (theme->monochrome) {
		memcpy(theme->attrs, monochrome_scheme, sizeof theme->attrs);
		return;
	}
	theme_init_colours(theme);
}

attr_t
theme_attr(const struct theme *theme, enum theme_element element)
{
	return element < THEME_ELEMENT_COUNT ? theme->attrs[element]
					     : A_NORMAL;
}

attr_t
theme_state_attr(const struct theme *theme, enum ui_state state)
{
	return theme_attr(theme, THEME_STATE_PENDING + (int)state);
}

const char *
theme_mark(const struct theme *theme, enum ui_state state)
{
	if (state >= UI_STATE_COUNT)
		return "?";
	return theme->ascii ? state_marks[state].ascii : state_marks[state].utf8;
}

const char *
theme_glyph(const struct theme *theme, enum theme_glyph glyph)
{
	if (glyph >= THEME_GLYPH_COUNT)
		return "?";
	return theme->ascii ? glyphs[glyph].ascii : glyphs[glyph].utf8;
}
