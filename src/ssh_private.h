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
#include <stdio.h>
#include <sys/types.h>

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
	/* ProxyJump (ssh_jump.c): the OpenSSH client carrying the link */
	char *jump_name;		/* the jump host, as ssh_config names it;
					 * NULL: no jump */
	pid_t jump_pid;			/* 0: none running */
	FILE *jump_stderr;		/* what it says, for errors */
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

/* ssh_jump.c: when ssh_config gives the target a ProxyJump, start the
 * OpenSSH client for it and hand its socket to the session (before
 * ssh_connect()); 0 also when there is none.  explain() replaces err
 * after a failed ssh_connect() with what ssh said, naming the jump
 * host; returns -1.  end() stops and reaps ssh, after the session is
 * freed. */
int ssh_jump_start(struct ssh_conn *conn, const struct ssh_target *t,
		   unsigned connect_timeout_ms, struct ou_error *err);
int ssh_jump_explain(struct ssh_conn *conn, struct ou_error *err);
void ssh_jump_end(struct ssh_conn *conn);

/* ssh_sftp.c: release the sftp session when the connection closes. */
void ssh_sftp_close(struct ssh_conn *conn);

#endif
