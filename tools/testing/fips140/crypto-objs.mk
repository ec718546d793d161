# SPDX-License-Identifier: GPL-2.0
#
# Test oracle: what a crypto Makefile lists as crypto-objs, for a
# configured build, read directly from the Makefile (not from kbuild's
# crypto-module.a machinery, which the tests check against it).
#
#   make -s -f crypto-objs.mk srctree=SRC objtree=OUT dir=crypto
#
# prints one line per crypto-objs-y / crypto-objs-m entry, in order, and
# per obj-y entry marked FIPS140_INCLUDE_<obj> := y (first):
#   y DIR/OBJ.o PART.o...   built-in object and the parts it is made of
#   x DIR/OBJ.o             built-in but FIPS140_EXCLUDE'd (stays in vmlinux)
#   m DIR/OBJ.o             module, inside the boundary
#   xm DIR/OBJ.o            module but FIPS140_EXCLUDE'd (outside it)
#   d DIR/SUB/              subdirectory (y or m)

.DEFAULT_GOAL := list

obj := $(dir)
src := $(srctree)/$(dir)
include $(objtree)/include/config/auto.conf
obj-y :=
crypto-objs-y :=
crypto-objs-m :=
include $(src)/Makefile

# The parts of composite object $1 (foo-objs, foo-y, foo-m), or $1 itself
parts = $(or $(strip $(foreach s,-objs -y $2,$($(1:.o=$s)))),$1)

list:
	@:; $(foreach o,$(filter-out %/,$(obj-y)), \
		$(if $(filter y,$(FIPS140_INCLUDE_$o)),echo "y $(obj)/$o $(call parts,$o)";))
	@:; $(foreach o,$(crypto-objs-y), \
		$(if $(filter %/,$o),echo "d $(obj)/$o";, \
		$(if $(filter y,$(FIPS140_EXCLUDE_$o)),echo "x $(obj)/$o";, \
		echo "y $(obj)/$o $(call parts,$o)";)))
	@:; $(foreach o,$(crypto-objs-m), \
		$(if $(filter %/,$o),echo "d $(obj)/$o";, \
		$(if $(filter y,$(FIPS140_EXCLUDE_$o)),echo "xm $(obj)/$o";, \
		echo "m $(obj)/$o $(call parts,$o,-m)";)))
