# mlo: see README.  GNU make.  ./configure writes config.mk; when it is
# missing, make runs configure itself (installing missing Debian packages
# when it runs as root or with password-less sudo).

VERSION = 0.1.0

include config.mk

PROGS = $(patsubst cmd/%.c,bin/%,$(wildcard cmd/mlo-*.c))
LIBSRC = $(wildcard lib/*.c)
LIBOBJ = $(LIBSRC:.c=.o)
LIBHDR = $(wildcard lib/*.h)
UNITS = $(patsubst t/unit/%.c,t/unit/bin/%,$(wildcard t/unit/*.c))
MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-sign-compare
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DMLO_VERSION='"$(VERSION)"' -Ilib $(LIBCFLAGS) $(WARN) $(CFLAGS)
DESTDIR =
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man

all: $(PROGS)

config.mk: configure
	MLO_AUTO_INSTALL=1 ./configure

lib/%.o: lib/%.c $(LIBHDR) config.mk
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

lib/libmlo.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

bin/%: cmd/%.c lib/libmlo.a
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $< lib/libmlo.a $(LDFLAGS) $(LIBS)

t/unit/bin/%: t/unit/%.c t/unit/tap.h lib/libmlo.a
	@mkdir -p t/unit/bin
	$(CC) $(ALL_CFLAGS) -It/unit -o $@ $< lib/libmlo.a $(LDFLAGS) $(LIBS)

units: $(UNITS)

# make check: unit tests, every bats file and the man page lint; the last
# line says "N passed, N failed".
check: all units
	@sh t/run $(UNITS) $(sort $(wildcard t/[0-9]*.bats)) -- $(MAN1) $(MAN5) $(MAN7)

# The tools of check-slow, check-valgrind and fuzz are installed by t/deps
# when missing (as root or with password-less sudo; else it prints the
# apt-get line and stops); MLO_DEPS=skip leaves them be.
MLO_DEPS =

# Browser, server, load and fault-injection suites.
check-slow: all units
	@MLO_DEPS=$(MLO_DEPS) sh t/deps slow
	@sh t/run $(sort $(wildcard t/slow/*.bats))

# valgrind memcheck over the unit tests and a few bats cases per program
# (4 to 5 minutes on two cores).
check-valgrind: all units
	@MLO_DEPS=$(MLO_DEPS) sh t/deps valgrind
	@sh t/valgrind/run

lint-man:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN5) $(MAN7)

bench: all
	@sh bench/run

demo: all
	@sh examples/demo.sh

# make fuzz: libFuzzer harnesses (fuzz/*.c) over libmlo compiled again with
# clang, -fsanitize=fuzzer,address,undefined, into fuzz/build (the normal
# build is not touched); each runs FUZZ_TIME seconds (fuzz/run).
FUZZ_TIME = 60
FUZZ_CC = clang
FUZZ_CXX = clang++
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -D_GNU_SOURCE \
	-DMLO_VERSION='"$(VERSION)"' -Ilib $(LIBCFLAGS) -g -O1 $(FUZZ_SAN)
FUZZ_LIBOBJ = $(patsubst lib/%.o,fuzz/build/lib/%.o,$(LIBOBJ))
FUZZ_LOADS = contract spec policy profile
FUZZ_BINS = $(patsubst fuzz/fuzz_%.c,fuzz/build/bin/%,$(filter-out \
	fuzz/fuzz_load.c,$(wildcard fuzz/fuzz_*.c))) \
	$(patsubst %,fuzz/build/bin/%,$(FUZZ_LOADS))

fuzz/build/lib/%.o: lib/%.c $(LIBHDR) config.mk
	@mkdir -p fuzz/build/lib
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

fuzz/build/lib/%.o: lib/%.cc $(LIBHDR) config.mk
	@mkdir -p fuzz/build/lib
	$(FUZZ_CXX) -std=c++11 -Ilib -g -O1 $(FUZZ_SAN) \
	    -fsanitize=fuzzer-no-link -c -o $@ $<

fuzz/build/fuzz.o: fuzz/fuzz.c fuzz/fuzz.h $(LIBHDR)
	@mkdir -p fuzz/build
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ fuzz/fuzz.c

fuzz/build/h/%.o: fuzz/fuzz_%.c fuzz/fuzz.h $(LIBHDR)
	@mkdir -p fuzz/build/h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Ifuzz -c -o $@ $<

$(patsubst %,fuzz/build/h/%.o,$(FUZZ_LOADS)): fuzz/fuzz_load.c fuzz/fuzz.h \
    $(LIBHDR)
	@mkdir -p fuzz/build/h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Ifuzz \
	    -DLOAD_$$(echo $(*F) | tr a-z A-Z) -c -o $@ fuzz/fuzz_load.c

fuzz/build/bin/%: fuzz/build/h/%.o fuzz/build/fuzz.o $(FUZZ_LIBOBJ)
	@mkdir -p fuzz/build/bin
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< fuzz/build/fuzz.o \
	    $(FUZZ_LIBOBJ) $(LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: all
	@MLO_DEPS=$(MLO_DEPS) sh t/deps fuzz
	@$(MAKE) fuzz-build
	@FUZZ_TIME=$(FUZZ_TIME) sh fuzz/run

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	cp $(PROGS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$${p#bin/}; done
	for m in $(MAN1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in $(MAN5); do rm -f $(DESTDIR)$(MANDIR)/man5/$${m#man/}; done
	for m in $(MAN7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#man/}; done

clean:
	rm -rf bin lib/*.o lib/libmlo.a t/unit/bin bench/bin bench/work \
	    fuzz/build/lib fuzz/build/bin fuzz/build/h \
	    fuzz/build/fuzz.o

distclean: clean
	rm -f config.mk config.log

.PHONY: all units check check-slow lint-man bench demo install uninstall \
	clean distclean fuzz fuzz-build check-valgrind
.SECONDARY: $(LIBOBJ) $(FUZZ_LIBOBJ) $(patsubst fuzz/build/bin/%,fuzz/build/h/%.o,$(FUZZ_BINS))
