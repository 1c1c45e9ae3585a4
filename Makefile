# Makefile for news_analytics (PGXS)
#
#   make                      build the module
#   make install              install into the PostgreSQL named by PG_CONFIG
#   make installcheck         run the pg_regress suite against a running server
#                             (PGHOST/PGPORT/PGUSER as usual)
#
# Sources are picked up per subsystem directory; pure C cores (no postgres.h)
# live beside the server glue and are also built stand-alone by test/unit.

EXTENSION = news_analytics
MODULE_big = news_analytics

SRCS = $(sort $(wildcard src/*.c src/*/*.c))
OBJS = $(SRCS:.c=.o)

DATA = $(sort $(wildcard sql/news_analytics--*.sql))

# Every sql/*.sql except the install/upgrade scripts is a regression test;
# "setup" creates the extension and loads the sample articles, so it runs first.
REGRESS_ALL = $(basename $(notdir $(wildcard sql/*.sql)))
REGRESS = setup $(sort $(filter-out setup news_analytics--%,$(REGRESS_ALL)))
REGRESS_OPTS = --inputdir=. --encoding=UTF8

PG_CPPFLAGS = -I$(srcdir)/src -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK += -lstemmer

EXTRA_CLEAN = results/ regression.diffs regression.out test/unit/build

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
