// SPDX-License-Identifier: GPL-2.0
/*
 * qemu-exit - end a QEMU guest with an exit status.
 *
 * Writes CODE to QEMU's isa-debug-exit device (iobase 0xf4), which makes
 * QEMU exit with status (CODE << 1) | 1.  Needs CONFIG_X86_IOPL_IOPERM.
 * Returns only if there is no such device.
 *
 * First it waits until the console (its standard output) has sent what
 * was written to it: QEMU exits at once, and what the serial port had not
 * sent yet would be lost (seen under -icount, where the guest outruns the
 * emulated port).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned int code = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;

	tcdrain(STDOUT_FILENO);	/* not a terminal: nothing to wait for */
	if (ioperm(0xf4, 4, 1)) {
		perror("qemu-exit: ioperm");
		return 1;
	}
	outl(code, 0xf4);
	fprintf(stderr, "qemu-exit: no isa-debug-exit device\n");
	return 1;
}
