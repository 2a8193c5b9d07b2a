/* ssh internals shared by src/ssh_*.c.
 *
 * Not a public header: include/ssh.h is the module's whole surface.  The
 * module is split over several files (connection, host keys, commands,
 * files, the watchdog) to keep each small; this is what they share. */
#ifndef OU_SSH_PRIVATE_H
#define OU_SSH_PRIVATE_H

#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <stdbool.h>

#include "ou_error.h"
#include "ssh.h"

struct ssh_watchdog;

struct ssh_conn {
	ssh_session session;
	sftp_session sftp;		/* opened by the first file transfer */
	struct ssh_watchdog *watchdog;
	char *label;			/* "name (user@host:port)" for messages */
	enum ssh_become become;
	unsigned io_timeout_ms;
	bool dead;			/* the link failed or was cut */
};

/* Fill err with "<label>: <message>"; returns -1. */
int ssh_conn_error(const struct ssh_conn *conn, struct ou_error *err,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Bracket a blocking libssh call: past ms the socket is shut down, which
 * makes the call fail.  guard_end() says whether that happened, and marks
 * the connection dead if so or if the link failed meanwhile. */
void ssh_conn_guard_begin(struct ssh_conn *conn, unsigned ms);
bool ssh_conn_guard_end(struct ssh_conn *conn);

/* ssh_hostkey.c: check the key of a session just connected. */
enum ssh_open_status ssh_hostkey_check(struct ssh_conn *conn,
				       struct ssh_hostkey *hk,
				       struct ou_error *err);

/* ssh_watchdog.c: a thread that shuts a socket down at a deadline. */
struct ssh_watchdog *ssh_watchdog_new(void);
void ssh_watchdog_free(struct ssh_watchdog *dog);
void ssh_watchdog_arm(struct ssh_watchdog *dog, int fd, unsigned ms);
/* True if the deadline passed and the socket was shut down. */
bool ssh_watchdog_disarm(struct ssh_watchdog *dog);

/* ssh_sftp.c: release the sftp session when the connection closes. */
void ssh_sftp_close(struct ssh_conn *conn);

#endif
