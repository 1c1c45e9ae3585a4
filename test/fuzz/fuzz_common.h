/*-------------------------------------------------------------------------
 *
 * fuzz_common.h
 *	  Helpers shared by the libFuzzer targets under test/fuzz/ (stand-alone
 *	  builds with -DNEWS_STANDALONE only, never part of the extension).
 *
 * A target reports a broken invariant with FUZZ_CHECK(), which prints the
 * condition and aborts: libFuzzer then saves the input as a reproducer
 * (crash-*), exactly as for a sanitizer finding.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_FUZZ_COMMON_H
#define NEWS_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libFuzzer's entry points; a target without set-up omits the first */
int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
					__FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/*
 * fuzz_copy
 *		An exact-size heap copy of the input, so that AddressSanitizer sees
 *		a read of even one byte past the end.  With nul, one NUL byte is
 *		appended (for parsers of C strings).
 */
static inline char *
fuzz_copy(const uint8_t *data, size_t size, bool nul)
{
	char	   *s = malloc(size + (nul ? 1 : 0) + (size == 0 && !nul));

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	if (nul)
		s[size] = '\0';
	return s;
}

/*
 * fuzz_utf8_check
 *		Strict UTF-8 check: shortest forms only, no surrogates, at most
 *		U+10FFFF; NUL bytes only with allow_nul.
 */
static inline bool
fuzz_utf8_check(const char *str, size_t len, bool allow_nul)
{
	const unsigned char *s = (const unsigned char *) str;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		uint32_t	cp;
		int			n;

		if (c == 0 && !allow_nul)
			return false;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c < 0xE0)
			n = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c < 0xF0)
			n = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c < 0xF5)
			n = 4, cp = c & 0x07;
		else
			return false;
		if (i + n > len)
			return false;
		for (int k = 1; k < n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
			cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}

/* valid UTF-8 text without NUL bytes (what the server passes around) */
static inline bool
fuzz_valid_utf8(const char *str, size_t len)
{
	return fuzz_utf8_check(str, len, false);
}

#endif							/* NEWS_FUZZ_COMMON_H */
