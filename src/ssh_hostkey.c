/* ssh_hostkey: see include/ssh.h.  Checking and accepting host keys.
 *
 * libssh gives the verdict (ssh_session_is_known_server), but not the
 * line of an old key, so this file also reads known_hosts itself, as
 * OpenSSH writes it: comma lists of patterns with * and ?, negations,
 * [host]:port for ports other than 22, hashed names (|1|salt|hash, an
 * HMAC-SHA1 of the name keyed by the salt), and @revoked marks, which
 * libssh 0.10 skips.  That reading only ever adds a refusal: a key libssh
 * does not find stays unknown however the file reads. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssh_private.h"
#include "strbuf.h"
#include "xalloc.h"

#define KH_SHA1_LEN 20

/* What one known_hosts file says about a host and the key it offered:
 * the first line of each kind, 0 for none. */
struct kh_scan {
	const char *host;	/* host or [host]:port, lower case */
	const char *type;
	const char *blob;
	unsigned same;		/* this very key */
	unsigned changed;	/* another key of the same type */
	unsigned other;		/* a key of another type */
	unsigned revoked;	/* this key, marked @revoked */
};

/* One line, split in place. */
struct kh_line {
	const char *marker;	/* "@revoked", "@cert-authority" or NULL */
	const char *hosts;
	const char *type;
	const char *blob;
};

/* OpenSSH's pattern language: '*' any run, '?' any one character. */
static bool
kh_glob(const char *pattern, const char *s)
{
	for (; *pattern != '\0'; pattern++, s++) {
		if (*pattern == '*') {
			while (*pattern == '*')
				pattern++;
			if (*pattern == '\0')
				return true;
			for (; *s != '\0'; s++)
				if (kh_glob(pattern, s))
					return true;
			return false;
		}
		if (*s == '\0')
			return false;
		if (*pattern != '?' &&
		    tolower((unsigned char)*pattern) != tolower((unsigned char)*s))
			return false;
	}
	return *s == '\0';
}

/* Base64 to bytes; -1 if it is not base64 or does not fit. */
static int
kh_unbase64(const char *in, size_t len, unsigned char *out, size_t cap)
{
	unsigned char buf[128];
	int n;

	if (len == 0 || len % 4 != 0 || len / 4 * 3 > sizeof buf)
		return -1;
	n = EVP_DecodeBlock(buf, (const unsigned char *)in, (int)len);
	if (n < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	for (size_t i = len; i > 0 && in[i - 1] == '='; i--)
		n--;
	if (n < 0 || (size_t)n > cap)
		return -1;
	memcpy(out, buf, (size_t)n);
	return n;
}

/* "|1|<salt>|<hash>" */
static bool
kh_hashed_match(const char *field, size_t len, const char *host)
{
	unsigned char salt[64];
	unsigned char want[KH_SHA1_LEN];
	unsigned char got[EVP_MAX_MD_SIZE];
	unsigned got_len = 0;
	const char *bar;
	int salt_len;

	if (len < 3 || strncmp(field, "|1|", 3) != 0)
		return false;
	bar = memchr(field + 3, '|', len - 3);
	if (bar == NULL)
		return false;
	salt_len = kh_unbase64(field + 3, (size_t)(bar - field - 3), salt,
			       sizeof salt);
	if (salt_len <= 0 ||
	    kh_unbase64(bar + 1, len - (size_t)(bar + 1 - field), want,
			sizeof want) != KH_SHA1_LEN)
		return false;
	if (HMAC(EVP_sha1(), salt, salt_len, (const unsigned char *)host,
		 strlen(host), got, &got_len) == NULL || got_len != KH_SHA1_LEN)
		return false;
	return memcmp(got, want, KH_SHA1_LEN) == 0;
}

/* OpenSSH's rule: a matching negated pattern rules the line out. */
static bool
kh_hosts_match(const char *hosts, const char *host)
{
	bool found = false;

	for (const char *p = hosts; *p != '\0';) {
		size_t len = strcspn(p, ",");
		bool negated = *p == '!';
		char *pattern = xstrndup(p + negated, len - negated);
		bool match = kh_hashed_match(pattern, strlen(pattern), host) ||
			     kh_glob(pattern, host);

		free(pattern);
		if (match && negated)
			return false;
		found = found || match;
		p += len + (p[len] == ',');
	}
	return found;
}

static char *
kh_next_word(char **cursor)
{
	char *word = *cursor + strspn(*cursor, " \t");

	if (*word == '\0')
		return NULL;
	*cursor = word + strcspn(word, " \t");
	if (**cursor != '\0')
		*(*cursor)++ = '\0';
	return word;
}

/* False for blank lines, comments and lines too short to be entries. */
static bool
kh_split_line(char *text, struct kh_line *line)
{
	char *cursor = text;
	char *word;

	text[strcspn(text, "\r\n")] = '\0';
	word = kh_next_word(&cursor);
	if (word == NULL || *word == '#')
		return false;
	line->marker = NULL;
	if (*word == '@') {
		line->marker = word;
		word = kh_next_word(&cursor);
	}
	line->hosts = word;
	line->type = kh_next_word(&cursor);
	line->blob = kh_next_word(&cursor);
	return line->hosts != NULL && line->type != NULL && line->blob != NULL;
}

static void
kh_note(unsigned *slot, unsigned lineno)
{
	if (*slot == 0)
		*slot = lineno;
}

static void
kh_scan_line(struct kh_scan *scan, const struct kh_line *line,
	     unsigned lineno)
{
	bool same_key;

	if (!kh_hosts_match(line->hosts, scan->host))
		return;
	same_key = strcmp(line->type, scan->type) == 0 &&
		   strcmp(line->blob, scan->blob) == 0;
	if (line->marker != NULL) {
		if (strcmp(line->marker, "@revoked") == 0 && same_key)
			kh_note(&scan->revoked, lineno);
		return;
	}
	if (same_key)
		kh_note(&scan->same, lineno);
	else if (strcmp(line->type, scan->type) == 0)
		kh_note(&scan->changed, lineno);
	else
		kh_note(&scan->other, lineno);
}

/* A missing file says nothing; one that cannot be read is an error. */
static int
kh_scan_file(const char *file, struct kh_scan *scan, struct ou_error *err)
{
	FILE *fp = fopen(file, "re");
	char *text = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	struct kh_line line;

	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;
		return ou_error_set(err, "known_hosts %s: %s", file,
				    strerror(errno));
	}
	while (getline(&text, &cap, fp) >= 0) {
		lineno++;
		if (kh_split_line(text, &line))
			kh_scan_line(scan, &line, lineno);
	}
	free(text);
	fclose(fp);
	return 0;
}

/* As ssh-keygen -l names key types. */
static const char *
kh_type_label(const char *type)
{
	static const struct {
		const char *prefix;
		const char *label;
	} labels[] = {
		{ .prefix = "ssh-ed25519", .label = "ED25519" },
		{ .prefix = "sk-ssh-ed25519", .label = "ED25519-SK" },
		{ .prefix = "ecdsa-", .label = "ECDSA" },
		{ .prefix = "sk-ecdsa-", .label = "ECDSA-SK" },
		{ .prefix = "ssh-rsa", .label = "RSA" },
		{ .prefix = "rsa-", .label = "RSA" },
		{ .prefix = "ssh-dss", .label = "DSA" },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strncmp(type, labels[i].prefix,
			    strlen(labels[i].prefix)) == 0)
			return labels[i].label;
	return type;
}

void
ssh_hostkey_release(struct ssh_hostkey *hk)
{
	if (hk == NULL)
		return;
	free(hk->host);
	free(hk->blob);
	free(hk->known_hosts);
	free(hk->file);
	memset(hk, 0, sizeof *hk);
}

/* As libssh names the host in known_hosts. */
static char *
kh_host_name(ssh_session session)
{
	char *host = NULL;
	unsigned port = 22;
	char *name;

	if (ssh_options_get(session, SSH_OPTIONS_HOST, &host) != SSH_OK)
		return NULL;
	ssh_options_get_port(session, &port);
	for (char *p = host; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	name = port == 22 ? xstrdup(host) : xasprintf("[%s]:%u", host, port);
	ssh_string_free_char(host);
	return name;
}

static int
kh_describe_key(ssh_key key, struct ssh_hostkey *hk)
{
	unsigned char *hash = NULL;
	size_t hash_len = 0;
	char *fingerprint;
	char *blob = NULL;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
				   &hash_len) < 0)
		return -1;
	fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256,
					       hash, hash_len);
	ssh_clean_pubkey_hash(&hash);
	if (fingerprint == NULL)
		return -1;
	snprintf(hk->fingerprint, sizeof hk->fingerprint, "%s", fingerprint);
	ssh_string_free_char(fingerprint);
	snprintf(hk->type, sizeof hk->type, "%s",
		 ssh_key_type_to_char(ssh_key_type(key)));
	if (ssh_pki_export_pubkey_base64(key, &blob) != SSH_OK)
		return -1;
	hk->blob = xstrdup(blob);
	ssh_string_free_char(blob);
	return 0;
}

/* Everything about the offered key that a caller or a message needs. */
static int
kh_describe(struct ssh_conn *conn, struct ssh_hostkey *hk,
	    struct ou_error *err)
{
	ssh_key key = NULL;
	char *known_hosts = NULL;
	int rc;

	if (ssh_get_server_publickey(conn->session, &key) != SSH_OK)
		return ssh_conn_error(conn, err, "no host key: %s",
				      ssh_get_error(conn->session));
	rc = kh_describe_key(key, hk);
	ssh_key_free(key);
	if (rc < 0)
		return ssh_conn_error(conn, err, "cannot read the host key");
	hk->host = kh_host_name(conn->session);
	if (hk->host == NULL ||
	    ssh_options_get(conn->session, SSH_OPTIONS_KNOWNHOSTS,
			    &known_hosts) != SSH_OK)
		return ssh_conn_error(conn, err, "no known_hosts file set");
	hk->known_hosts = xstrdup(known_hosts);
	ssh_string_free_char(known_hosts);
	return 0;
}

/* Scan the user's file, then the system's; note where a refusal comes
 * from in hk->file and hk->line. */
static int
kh_scan_all(struct ssh_conn *conn, struct ssh_hostkey *hk,
	    struct kh_scan *scan, struct ou_error *err)
{
	char *global = NULL;
	const char *files[2] = { hk->known_hosts, NULL };

	if (ssh_options_get(conn->session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
			    &global) == SSH_OK)
		files[1] = global;
	for (size_t i = 0; i < 2 && files[i] != NULL && hk->file == NULL; i++) {
		*scan = (struct kh_scan){ .host = hk->host, .type = hk->type,
					  .blob = hk->blob };
		if (kh_scan_file(files[i], scan, err) < 0) {
			ssh_string_free_char(global);
			return ou_error_prefix(err, "%s", conn->label);
		}
		hk->line = scan->revoked ? scan->revoked
			 : scan->changed ? scan->changed : scan->other;
		if (hk->line != 0)
			hk->file = xstrdup(files[i]);
	}
	ssh_string_free_char(global);
	return 0;
}

static void
kh_warn_changed(const struct ssh_conn *conn, const struct ssh_hostkey *hk,
		const struct kh_scan *scan, struct ou_error *err)
{
	char where[512];

	if (hk->file == NULL)
		snprintf(where, sizeof where, "the known hosts hold another key");
	else
		snprintf(where, sizeof where, "%s:%u holds the old %s key",
			 hk->file, hk->line,
			 scan->changed ? kh_type_label(hk->type) : "(other type)");
	if (scan->revoked)
		ssh_conn_error(conn, err,
			       "REFUSED: the %s key %s offered for %s is marked "
			       "@revoked in %s:%u",
			       kh_type_label(hk->type), hk->fingerprint,
			       hk->host, hk->file, hk->line);
	else
		ssh_conn_error(conn, err,
			       "WARNING: THE HOST KEY HAS CHANGED: someone may "
			       "be intercepting this connection "
			       "(man-in-the-middle attack), or the host was "
			       "reinstalled or rekeyed.  It offered the %s key "
			       "%s; %s.  Connection refused; nothing was sent.  "
			       "If the change is known to be legitimate, remove "
			       "the old key with: ssh-keygen -f \"%s\" -R \"%s\"",
			       kh_type_label(hk->type), hk->fingerprint, where,
			       hk->file != NULL ? hk->file : hk->known_hosts,
			       hk->host);
}

static enum ssh_open_status
kh_verdict(struct ssh_conn *conn, struct ssh_hostkey *hk,
	   struct ou_error *err)
{
	struct kh_scan scan;
	enum ssh_known_hosts_e known = ssh_session_is_known_server(conn->session);

	if (known == SSH_KNOWN_HOSTS_ERROR) {
		ssh_conn_error(conn, err, "checking the host key: %s",
			       ssh_get_error(conn->session));
		return SSH_OPEN_FAILED;
	}
	if (kh_scan_all(conn, hk, &scan, err) < 0)
		return SSH_OPEN_FAILED;
	if (scan.revoked || known == SSH_KNOWN_HOSTS_CHANGED ||
	    known == SSH_KNOWN_HOSTS_OTHER ||
	    (known != SSH_KNOWN_HOSTS_OK && hk->line != 0)) {
		kh_warn_changed(conn, hk, &scan, err);
		return SSH_OPEN_HOSTKEY_CHANGED;
	}
	if (known == SSH_KNOWN_HOSTS_OK)
		return SSH_OPEN_OK;
	ssh_conn_error(conn, err,
		       "unknown host key: %s key %s is not in %s; check the "
		       "fingerprint with the host's administrator before "
		       "accepting it",
		       kh_type_label(hk->type), hk->fingerprint,
		       hk->known_hosts);
	return SSH_OPEN_HOSTKEY_UNKNOWN;
}

enum ssh_open_status
ssh_hostkey_check(struct ssh_conn *conn, struct ssh_hostkey *out,
		  struct ou_error *err)
{
	struct ssh_hostkey hk = { .line = 0 };
	enum ssh_open_status status = SSH_OPEN_FAILED;

	if (kh_describe(conn, &hk, err) == 0)
		status = kh_verdict(conn, &hk, err);
	if (out != NULL && (status == SSH_OPEN_HOSTKEY_UNKNOWN ||
			    status == SSH_OPEN_HOSTKEY_CHANGED))
		*out = hk;
	else
		ssh_hostkey_release(&hk);
	return status;
}

/* mkdir -p, each new directory 0700 as ~/.ssh is. */
static int
kh_make_dirs(const char *file, struct ou_error *err)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; rc == 0 && p <= slash; p++) {
		char keep = *p;

		if (keep != '/' && keep != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			rc = ou_error_set(err, "creating %s: %s", dir,
					  strerror(errno));
		*p = keep;
	}
	free(dir);
	return rc;
}

static bool
kh_ends_in_newline(int fd)
{
	struct stat st;
	char last = '\n';

	if (fstat(fd, &st) != 0 || st.st_size == 0)
		return true;
	if (pread(fd, &last, 1, st.st_size - 1) != 1)
		return true;
	return last == '\n';
}

static int
kh_append(const char *file, const char *entry, struct ou_error *err)
{
	int fd = open(file, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	size_t len = strlen(entry);
	bool ok;

	if (fd < 0)
		return ou_error_set(err, "known_hosts %s: %s", file,
				    strerror(errno));
	ok = kh_ends_in_newline(fd) || write(fd, "\n", 1) == 1;
	ok = ok && write(fd, entry, len) == (ssize_t)len && fsync(fd) == 0;
	if (!ok) {
		ou_error_set(err, "known_hosts %s: writing: %s", file,
			     strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
		return ou_error_set(err, "known_hosts %s: %s", file,
				    strerror(errno));
	return 0;
}

static int
kh_refuse_accept(const struct ssh_hostkey *hk, const char *file,
		 unsigned line, struct ou_error *err)
{
	return ou_error_set(err,
			    "%s: not accepting the %s key %s: %s:%u already "
			    "holds a different key for this host (a changed "
			    "key is never accepted here; remove the old one "
			    "with ssh-keygen -R if the change is legitimate)",
			    hk->host, kh_type_label(hk->type), hk->fingerprint,
			    file, line);
}

int
ssh_hostkey_accept(const struct ssh_hostkey *hk, struct ou_error *err)
{
	struct kh_scan scan;
	char *entry;
	int rc;

	if (hk == NULL || hk->host == NULL || hk->blob == NULL ||
	    hk->known_hosts == NULL)
		return ou_error_set(err, "no host key to accept");
	if (hk->line != 0)
		return kh_refuse_accept(hk, hk->file, hk->line, err);
	scan = (struct kh_scan){ .host = hk->host, .type = hk->type,
				 .blob = hk->blob };
	if (kh_scan_file(hk->known_hosts, &scan, err) < 0)
		return -1;
	if (scan.revoked || scan.changed || scan.other)
		return kh_refuse_accept(hk, hk->known_hosts,
					scan.revoked ? scan.revoked
					: scan.changed ? scan.changed
						       : scan.other,
					err);
	if (scan.same)
		return 0;
	if (kh_make_dirs(hk->known_hosts, err) < 0)
		return -1;
	entry = xasprintf("%s %s %s\n", hk->host, hk->type, hk->blob);
	rc = kh_append(hk->known_hosts, entry, err);
	free(entry);
	return rc;
}
