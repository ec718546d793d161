// SPDX-License-Identifier: GPL-2.0
/*
 * qemu-exit - end a QEMU guest with an exit status.
 *
 * Writes CODE to QEMU's isa-debug-exit device (iobase 0xf4), which makes
 * QEMU exit with status (CODE << 1) | 1.  Needs CONFIG_X86_IOPL_IOPERM.
 * Returns only if there is no such device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

int main(int argc, char **argv)
{
	unsigned int code = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;

	if (ioperm(0xf4, 4, 1)) {
		perror("qemu-exit: ioperm");
		return 1;
	}
	outl(code, 0xf4);
	fprintf(stderr, "qemu-exit: no isa-debug-exit device\n");
	return 1;
}
