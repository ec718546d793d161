/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linker script for crypto/fips140/fips140.o (ld -r), the code of
 * fips140.ko before modpost.  The crypto code in it is compiled like
 * built-in code: its initcalls, __setup() handlers and parameters land in
 * the sections vmlinux would use.  Gather them where the loader finds
 * them (see struct fips140_layout): initcalls per level, in link order,
 * grouped as INIT_CALLS in include/asm-generic/vmlinux.lds.h does.
 *
 * Output sections are at address 0, as ld -r output for a module must be.
 * Names starting with ".init" make the module loader free them after
 * init; __fips140_param is kept (the parameters stay usable in sysfs).
 */

#include "fips140-levels.h"

/* a level: .initcall<n>.init, .initcall<n>s.init, then those of @also */
#define FIPS140_KEEP(n)							\
	KEEP(*(.initcall##n##.init)) KEEP(*(.initcall##n##s.init))
#define FIPS140_ALSO_none
#define FIPS140_ALSO_rootfs	FIPS140_KEEP(rootfs)
#define FIPS140_LEVEL(n, also)						\
	.init.fips140.initcall##n 0 : {					\
		__fips140_initcall##n##_start = .;			\
		FIPS140_KEEP(n)						\
		FIPS140_ALSO_##also					\
		__fips140_initcall##n##_end = .;			\
	}

SECTIONS {
	FIPS140_FOR_EACH_LEVEL(FIPS140_LEVEL)

	.init.fips140.setup 0 : {
		__fips140_setup_start = .;
		KEEP(*(.init.setup))
		__fips140_setup_end = .;
	}

	/*
	 * Per-CPU data of built-in code may come in subsections
	 * (DEFINE_PER_CPU_READ_MOSTLY, ..._SHARED_ALIGNED) that the module
	 * loader does not know: it only allocates .data..percpu per CPU.
	 */
	.data..percpu 0 : {
		*(.data..percpu)
		*(.data..percpu..*)
	}

	__fips140_param 0 : {
		__fips140_param_start = .;
		KEEP(*(__param))
		__fips140_param_end = .;
	}

	/*
	 * Initcalls that would run before the module can be loaded are not
	 * supported: scripts/fips140/initcall-placeholders.sh rejects them.
	 */
}
