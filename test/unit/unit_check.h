/*-------------------------------------------------------------------------
 *
 * unit_check.h
 *	  The counters and the CHECK() macro of the stand-alone unit tests in
 *	  test/unit (one header instead of a copy in every test program).
 *
 * CHECK(cond, fmt, ...) counts a passed or failed check and prints the
 * place and the message of a failure.  A test program ends with
 * unit_report(), which prints the "N passed, N failed" line that
 * test/run-tests.sh adds up, and returns the exit status.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_UNIT_CHECK_H
#define NEWS_UNIT_CHECK_H

#include <stdio.h>

static int	passed = 0;
static int	failed = 0;

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			passed++; \
		else \
		{ \
			failed++; \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

/*
 * unit_report
 *		Print the result line; exit status 1 when anything failed.
 */
static inline int
unit_report(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

#endif							/* NEWS_UNIT_CHECK_H */
