/* ssh-run: run a command N times over one connection of the ssh module.
 *
 *   ssh-run [-F ssh_config] [-k known_hosts] [-i identity] [-p port]
 *           [-l user] [-n count] [-t timeout_ms] [-s] [-a] host command
 *
 * -s runs it through sudo -n; -a accepts an unknown host key (after
 * printing it) instead of stopping.  The command's output goes to our
 * stdout and stderr as it arrives; the exit status is the last run's.
 * For benchmarks (bench/ssh-20-commands.sh) and trying the module by
 * hand. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ssh.h"

struct run_args {
	struct ssh_target target;
	const char *identities[2];
	const char *command;
	unsigned count;
	unsigned timeout_ms;
	bool accept;
};

static void
run_print_output(void *ctx, enum ssh_stream stream, const char *data,
		 size_t len)
{
	fwrite(data, 1, len, stream == SSH_STREAM_STDERR ? stderr : stdout);
}

static int
run_usage(void)
{
	fprintf(stderr, "usage: ssh-run [-F ssh_config] [-k known_hosts] "
		"[-i identity] [-p port] [-l user] [-n count] "
		"[-t timeout_ms] [-s] [-a] host command\n");
	return 2;
}

static int
run_parse(int argc, char **argv, struct run_args *args)
{
	int opt;

	while ((opt = getopt(argc, argv, "F:k:i:p:l:n:t:sa")) != -1) {
		switch (opt) {
		case 'F': args->target.ssh_config = optarg; break;
		case 'k': args->target.known_hosts = optarg; break;
		case 'i':
			args->identities[0] = optarg;
			args->target.identities = args->identities;
			break;
		case 'p': args->target.port = (unsigned)atoi(optarg); break;
		case 'l': args->target.user = optarg; break;
		case 'n': args->count = (unsigned)atoi(optarg); break;
		case 't': args->timeout_ms = (unsigned)atoi(optarg); break;
		case 's': args->target.become = SSH_BECOME_SUDO; break;
		case 'a': args->accept = true; break;
		default: return -1;
		}
	}
	if (argc - optind != 2)
		return -1;
	args->target.host = argv[optind];
	args->command = argv[optind + 1];
	return 0;
}

static struct ssh_conn *
run_open(const struct run_args *args)
{
	struct ssh_hostkey hk = { .line = 0 };
	struct ou_error err;
	struct ssh_conn *conn = NULL;
	enum ssh_open_status status;

	status = ssh_conn_open(&args->target, &conn, &hk, &err);
	if (status == SSH_OPEN_HOSTKEY_UNKNOWN && args->accept) {
		fprintf(stderr, "ssh-run: accepting %s key %s for %s\n",
			hk.type, hk.fingerprint, hk.host);
		if (ssh_hostkey_accept(&hk, &err) == 0)
			status = ssh_conn_open(&args->target, &conn, NULL, &err);
	}
	ssh_hostkey_release(&hk);
	if (status != SSH_OPEN_OK)
		fprintf(stderr, "ssh-run: %s\n", err.msg);
	return conn;
}

static int
run_commands(struct ssh_conn *conn, const struct run_args *args)
{
	struct ssh_exec_opts opts = {
		.timeout_ms = args->timeout_ms,
		.keep = 1,
		.on_output = run_print_output,
	};
	int status = 0;

	for (unsigned i = 0; i < args->count; i++) {
		struct ssh_exec_result res;
		struct ou_error err;

		if (ssh_exec_command(conn, args->command, &opts, &res, &err) !=
		    SSH_EXEC_EXITED) {
			fprintf(stderr, "ssh-run: %s\n", err.msg);
			status = 255;
		} else {
			status = res.exit_status;
		}
		ssh_exec_result_release(&res);
		if (status == 255)
			break;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct run_args args = { .count = 1 };
	struct ou_error err;
	struct ssh_conn *conn;
	int status = 255;

	if (run_parse(argc, argv, &args) < 0)
		return run_usage();
	signal(SIGPIPE, SIG_IGN);
	if (ssh_transport_init(&err) < 0) {
		fprintf(stderr, "ssh-run: %s\n", err.msg);
		return 255;
	}
	conn = run_open(&args);
	if (conn != NULL)
		status = run_commands(conn, &args);
	ssh_conn_close(conn);
	ssh_transport_cleanup();
	return status;
}
