/*-------------------------------------------------------------------------
 *
 * canonical.h
 *	  Canonical terms of number, date and time tokens (pure C core).
 *
 * The input is a token the lexer classified (NEWS_TOK_NUMBER, _DATE,
 * _TIME), so its shape is known; the output is not NUL-terminated.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_CANONICAL_H
#define NEWS_CANONICAL_H

/* "1'500" -> 1500, "3,5" -> 3,5, "1.50" -> 1,50; at most cap bytes */
extern int	news_number_term(const char *s, int len, char *dst, int cap);

/* "3.2.2023", "7. Juli 2021" -> 2023-02-03; dst needs 16 bytes; 0 if invalid */
extern int	news_date_term(const char *s, int len, char *dst);

/* "9:05" -> 09:05; dst needs len + 1 bytes */
extern int	news_time_term(const char *s, int len, char *dst);

#endif							/* NEWS_CANONICAL_H */
