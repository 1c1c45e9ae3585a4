/*-------------------------------------------------------------------------
 *
 * lexer.c
 *	  Single-pass UTF-8 lexer (pure C core, see lexer.h).
 *
 * At the start of a token the lexer tries, in this order: @mention,
 * #hashtag, URL (http://, https://, www.), e-mail address, date, time,
 * number, host name, dotted abbreviation (z.B., U.S.A.), known abbreviation
 * with a period (Dr., Nr.), gender form, hyphenated word, and finally a
 * plain word.  Look-ahead scans for e-mail addresses and host names are
 * bounded (MAX_LOOKAHEAD) so that pathological input stays linear.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"
#include "tokenizer/lexer_internal.h"

/* bound of look-ahead scans for e-mail addresses and host names */
#define MAX_LOOKAHEAD	256

static const char *const type_names[NEWS_TOK_MAXTYPE + 1][2] = {
	[NEWS_TOK_WORD] = {"word", "Word"},
	[NEWS_TOK_GENDER] = {"gender", "Gender-inclusive word form"},
	[NEWS_TOK_NUMWORD] = {"numword", "Word of letters and digits"},
	[NEWS_TOK_EMAIL] = {"email", "Email address"},
	[NEWS_TOK_URL] = {"url", "URL"},
	[NEWS_TOK_HOST] = {"host", "Host"},
	[NEWS_TOK_HWORD] = {"hword", "Hyphenated word"},
	[NEWS_TOK_ABBREV] = {"abbrev", "Abbreviation"},
	[NEWS_TOK_MENTION] = {"mention", "@mention"},
	[NEWS_TOK_BLANK] = {"blank", "Space and punctuation"},
	[NEWS_TOK_NUMBER] = {"number", "Number"},
	[NEWS_TOK_DATE] = {"date", "Date"},
	[NEWS_TOK_TIME] = {"time", "Time of day"},
	[NEWS_TOK_HASHTAG] = {"hashtag", "#hashtag"},
};

/* top-level domains that make "a.b" a host name rather than a typo */
static const char *const tlds[] = {
	"ai", "app", "at", "be", "berlin", "biz", "ch", "cn", "co", "com", "cz",
	"de", "dev", "dk", "edu", "es", "eu", "fi", "fr", "gov", "info", "int",
	"io", "it", "jp", "li", "lu", "me", "net", "news", "nl", "no", "online",
	"org", "pl", "ru", "se", "swiss", "tv", "uk", "us", "wien", "zuerich",
	NULL
};

/* abbreviations that are written with one period (lower case) */
static const char *const abbreviations[] = {
	"abs", "abt", "allg", "bd", "betr", "bspw", "bzgl", "bzw", "ca", "co",
	"dipl", "dr", "ehem", "evtl", "exkl", "fr", "geb", "gest", "ggf", "hl",
	"hr", "inkl", "ing", "jh", "jhd", "jr", "kap", "kath", "lic", "mag",
	"max", "mio", "mrd", "nr", "prof", "rd", "ref", "sen", "sog", "st",
	"std", "str", "stv", "tel", "usw", "vgl", "vs", "zzgl",
	NULL
};

/* classes of the ASCII characters, filled on first use */
uint8_t		news_ascii_class[128];
static bool ascii_class_ready = false;

static void
init_ascii_class(void)
{
	int			c;

	for (c = 0; c < 128; c++)
		news_ascii_class[c] = (uint8_t) news_char_class(c);
	ascii_class_ready = true;
}

/*
 * news_scan_core
 *		Consume word characters from i: letters, digits, combining marks,
 *		invisible characters, and an apostrophe between letters.  Reports
 *		whether digits and letters were seen.
 */
int
news_scan_core(const NewsLexer *lx, int i, bool *has_digit, bool *has_letter)
{
	const unsigned char *s = (const unsigned char *) lx->text;

	while (i < lx->len)
	{
		unsigned char c = s[i];
		uint32_t	cp;
		int			cls,
					n;

		if (c < 0x80)
		{
			if (IS_AALPHA(c))
			{
				*has_letter = true;
				i++;
				continue;
			}
			if (IS_ADIGIT(c))
			{
				*has_digit = true;
				i++;
				continue;
			}
		}
		n = char_at(lx, i, &cp, &cls);
		if (cls == NEWS_CC_LETTER)
			*has_letter = true;
		else if (cls == NEWS_CC_DIGIT)
			*has_digit = true;
		else if (cls == NEWS_CC_MARK || cls == NEWS_CC_IGNORE)
			;
		else if (cls == NEWS_CC_APOS && *has_letter &&
				 class_at(lx, i + n) == NEWS_CC_LETTER)
			;
		else
			break;
		i += n;
	}
	return i;
}

/* Does the text at i start with the ASCII string p, ignoring case? */
static bool
prefix_ci(const NewsLexer *lx, int i, const char *p)
{
	for (; *p; p++, i++)
	{
		if (i >= lx->len)
			return false;
		if ((lx->text[i] | 0x20) != *p)
			return false;
	}
	return true;
}

static bool
in_list_ci(const char *const *list, const char *s, int len)
{
	char		buf[16];
	int			i;

	if (len <= 0 || len >= (int) sizeof(buf))
		return false;
	for (i = 0; i < len; i++)
	{
		if (!IS_AALPHA((unsigned char) s[i]))
			return false;
		buf[i] = s[i] | 0x20;
	}
	buf[len] = '\0';
	for (; *list; list++)
		if (strcmp(*list, buf) == 0)
			return true;
	return false;
}

/*
 * scan_host
 *		A host name at i: at least two dot-separated labels of ASCII letters,
 *		digits and inner hyphens, the last one a known top-level domain, not
 *		followed by a word character.  Returns the end, or -1.
 */
static int
scan_host(const NewsLexer *lx, int i)
{
	const unsigned char *s = (const unsigned char *) lx->text;
	int			j = i;
	int			labels = 0;
	int			last = i;

	for (;;)
	{
		int			k = j;

		while (j < lx->len && j - i < MAX_LOOKAHEAD && (IS_AALNUM(s[j]) || s[j] == '-'))
			j++;
		if (j == k || s[k] == '-' || s[j - 1] == '-')
			return -1;
		labels++;
		last = k;
		if (j + 1 < lx->len && s[j] == '.' && IS_AALNUM(s[j + 1]) && j - i < MAX_LOOKAHEAD)
		{
			j++;
			continue;
		}
		break;
	}
	if (labels < 2 || is_word_start(class_at(lx, j)))
		return -1;
	if (!in_list_ci(tlds, lx->text + last, j - last))
		return -1;
	return j;
}

/*
 * scan_url
 *		A URL starting at i (the caller checked the scheme or "www."): up to
 *		white space or a character that cannot be in a URL, trailing
 *		punctuation and an unbalanced closing parenthesis trimmed.
 */
static int
scan_url(const NewsLexer *lx, int i, int prefix)
{
	const unsigned char *s = (const unsigned char *) lx->text;
	int			j = i + prefix;
	int			open = 0;

	while (j < lx->len)
	{
		uint32_t	cp;
		int			cls;
		int			n = char_at(lx, j, &cp, &cls);

		if (cp < 0x80)
		{
			if (cls == NEWS_CC_SPACE || strchr("<>\"{}|\\^`", (int) cp) != NULL)
				break;
			if (cp == '(')
				open++;
			else if (cp == ')')
				open--;
		}
		else if (cls != NEWS_CC_LETTER && cls != NEWS_CC_MARK)
			break;
		j += n;
	}
	while (j > i + prefix && strchr(".,;:!?'*", s[j - 1]) != NULL)
		j--;
	while (j > i + prefix && s[j - 1] == ')' && open < 0)
	{
		j--;
		open++;
	}
	return j > i + prefix ? j : -1;
}

/*
 * scan_email
 *		local@host at i; returns the end or -1.
 */
static int
scan_email(const NewsLexer *lx, int i)
{
	const unsigned char *s = (const unsigned char *) lx->text;
	int			j = i;

	while (j < lx->len && j - i < MAX_LOOKAHEAD &&
		   (IS_AALNUM(s[j]) || strchr("._%+-", s[j]) != NULL))
		j++;
	if (j >= lx->len || s[j] != '@' || s[j - 1] == '.')
		return -1;
	return scan_host(lx, j + 1);
}

/*
 * scan_dotted_abbrev
 *		Abbreviations of short letter groups joined by periods: "z.B.",
 *		"u.a.", "i.d.R.", "U.S.A." (the last period optional).  At least two
 *		groups of one to three letters.  Returns the end or -1.
 */
static int
scan_dotted_abbrev(const NewsLexer *lx, int i)
{
	int			j = i;
	int			groups = 0;

	for (;;)
	{
		int			k = j;
		int			letters = 0;

		while (j < lx->len && letters <= 3)
		{
			uint32_t	cp;
			int			cls;
			int			n = char_at(lx, j, &cp, &cls);

			if (cls != NEWS_CC_LETTER)
				break;
			j += n;
			letters++;
		}
		if (letters == 0 || letters > 3)
			return (letters == 0 && groups >= 2) ? k : -1;
		groups++;
		if (j < lx->len && lx->text[j] == '.')
		{
			j++;
			if (class_at(lx, j) == NEWS_CC_LETTER)
				continue;
			return groups >= 2 ? j : -1;
		}
		/* a last group without period */
		if (groups >= 2 && !is_word_start(class_at(lx, j)))
			return j;
		return -1;
	}
}

/*
 * hyphen_at
 *		Byte length of a hyphen (ASCII or U+2010/U+2011) at i, 0 if none.
 */
static inline int
hyphen_at(const NewsLexer *lx, int i)
{
	uint32_t	cp;
	int			cls;
	int			n;

	if (i >= lx->len)
		return 0;
	if (lx->text[i] == '-')
		return 1;
	if ((unsigned char) lx->text[i] < 0x80)
		return 0;
	n = char_at(lx, i, &cp, &cls);
	return cls == NEWS_CC_HYPHEN ? n : 0;
}

/*
 * gender_suffix
 *		After a word ending at e: "*innen", ":innen", "_innen", "/innen",
 *		"/-innen" and the singular "…in".  Returns the end or -1.
 */
static int
gender_suffix(const NewsLexer *lx, int e)
{
	int			k;
	char		c;

	if (e + 2 >= lx->len)
		return -1;
	c = lx->text[e];
	if (c != '*' && c != ':' && c != '_' && c != '/')
		return -1;
	k = e + 1;
	if (c == '/' && lx->text[k] == '-')
		k++;
	if (prefix_ci(lx, k, "innen") && !is_word_start(class_at(lx, k + 5)))
		return k + 5;
	if (prefix_ci(lx, k, "in") && !is_word_start(class_at(lx, k + 2)))
		return k + 2;
	return -1;
}

/*
 * camel_gender
 *		"MitarbeiterInnen", "LehrerIn": a capital I after a lower-case letter
 *		at the end of the word [start, e).
 */
static bool
camel_gender(const NewsLexer *lx, int start, int e)
{
	const char *s = lx->text;

	if (e - start >= 8 && memcmp(s + e - 5, "Innen", 5) == 0 &&
		s[e - 6] >= 'a' && s[e - 6] <= 'z')
		return true;
	if (e - start >= 6 && memcmp(s + e - 4, "erIn", 4) == 0)
		return true;
	return false;
}

/*
 * scan_word
 *		A token starting with a letter.  Sets *type; returns the end.
 */
static int
scan_word(const NewsLexer *lx, int i, int *type)
{
	const char *s = lx->text;
	bool		has_digit = false,
				has_letter = false;
	int			e,
				k,
				h;

	if ((prefix_ci(lx, i, "http://") || prefix_ci(lx, i, "https://")))
	{
		k = scan_url(lx, i, s[i + 4] == ':' ? 7 : 8);
		if (k > 0)
		{
			*type = NEWS_TOK_URL;
			return k;
		}
	}
	if (prefix_ci(lx, i, "www.") && i + 4 < lx->len && IS_AALNUM((unsigned char) s[i + 4]))
	{
		k = scan_host(lx, i);
		if (k > 0 && (k >= lx->len || s[k] != '/'))
		{
			*type = NEWS_TOK_HOST;
			return k;
		}
		k = scan_url(lx, i, 4);
		if (k > 0)
		{
			*type = NEWS_TOK_URL;
			return k;
		}
	}

	e = news_scan_core(lx, i, &has_digit, &has_letter);
	if (e < lx->len)
	{
		char		c = s[e];

		if (c == '@' || c == '.' || c == '_' || c == '-' || c == '+' || c == '%')
		{
			k = scan_email(lx, i);
			if (k > 0)
			{
				*type = NEWS_TOK_EMAIL;
				return k;
			}
		}
		if (c == '.' || c == '-')
		{
			k = scan_host(lx, i);
			if (k > 0)
			{
				if (k < lx->len && s[k] == '/' && k + 1 < lx->len &&
					!is_word_start(class_at(lx, k)))
				{
					int			u = scan_url(lx, i, k - i);

					if (u > k + 1)
					{
						*type = NEWS_TOK_URL;
						return u;
					}
				}
				*type = NEWS_TOK_HOST;
				return k;
			}
		}
		if (c == '.' && !has_digit)
		{
			k = scan_dotted_abbrev(lx, i);
			if (k > 0)
			{
				*type = NEWS_TOK_ABBREV;
				return k;
			}
			if (in_list_ci(abbreviations, s + i, e - i))
			{
				*type = NEWS_TOK_ABBREV;
				return e + 1;
			}
		}
		if (!has_digit)
		{
			k = gender_suffix(lx, e);
			if (k > 0)
			{
				*type = NEWS_TOK_GENDER;
				return k;
			}
		}
	}
	if (!has_digit && camel_gender(lx, i, e))
	{
		*type = NEWS_TOK_GENDER;
		return e;
	}
	*type = has_digit ? NEWS_TOK_NUMWORD : NEWS_TOK_WORD;
	while ((h = hyphen_at(lx, e)) > 0 && is_word_start(class_at(lx, e + h)))
	{
		e = news_scan_core(lx, e + h, &has_digit, &has_letter);
		*type = NEWS_TOK_HWORD;
	}
	return e;
}

void
news_lexer_init(NewsLexer *lx, const char *text, int len, bool blanks)
{
	lx->text = text;
	lx->len = len;
	lx->pos = 0;
	lx->blanks = blanks;
	lx->junk_end = 0;
	if (!ascii_class_ready)
		init_ascii_class();
}

/* back off to the start of a UTF-8 character */
static int
char_boundary(const NewsLexer *lx, int i)
{
	int			j = i;

	/* at most 3 bytes back: a longer run of continuation bytes is invalid */
	while (j > 0 && i - j < 3 && j < lx->len && ((unsigned char) lx->text[j] & 0xC0) == 0x80)
		j--;
	return ((unsigned char) lx->text[j] & 0xC0) == 0x80 ? i : j;
}

/*
 * news_lexer_next
 *		Find the next token.  Blank runs are skipped unless lx->blanks.
 */
bool
news_lexer_next(NewsLexer *lx, NewsToken *tok)
{
	const unsigned char *s = (const unsigned char *) lx->text;

	while (lx->pos < lx->len)
	{
		int			start = lx->pos;
		int			end;
		int			type = NEWS_TOK_BLANK;
		uint32_t	cp;
		int			cls;
		int			n;

		/* pieces of an over-long run of word characters */
		if (start < lx->junk_end)
		{
			end = start + NEWS_MAX_TOKEN < lx->junk_end ?
				char_boundary(lx, start + NEWS_MAX_TOKEN) : lx->junk_end;
			lx->pos = end;
			if (!lx->blanks)
				continue;
			tok->type = NEWS_TOK_BLANK;
			tok->start = start;
			tok->len = end - start;
			return true;
		}

		n = char_at(lx, start, &cp, &cls);
		if (cls == NEWS_CC_LETTER)
			end = scan_word(lx, start, &type);
		else if (cls == NEWS_CC_DIGIT)
			end = news_scan_numeric(lx, start, &type);
		else if ((cp == '@' || cp == '#') && start + 1 < lx->len &&
				 is_word_start(class_at(lx, start + 1)))
		{
			bool		d = false,
						l = false;

			end = start + 1;
			for (;;)
			{
				end = news_scan_core(lx, end, &d, &l);
				if (end + 1 < lx->len && s[end] == '_' && is_word_start(class_at(lx, end + 1)))
					end++;
				else
					break;
			}
			type = cp == '@' ? NEWS_TOK_MENTION : NEWS_TOK_HASHTAG;
			if (cp == '#' && !l)
			{
				/* "#1" is not a hashtag: "#" is punctuation, "1" a number */
				type = NEWS_TOK_BLANK;
				end = start + 1;
			}
		}
		else
		{
			/* blank run: up to the next character that can start a token */
			end = start + n;
			while (end < lx->len && end - start < NEWS_MAX_TOKEN)
			{
				n = char_at(lx, end, &cp, &cls);
				if (is_word_start(cls))
					break;
				if ((cp == '@' || cp == '#') && end + 1 < lx->len &&
					is_word_start(class_at(lx, end + 1)))
					break;
				end += n;
			}
		}

		if (end - start > NEWS_MAX_TOKEN)
		{
			lx->junk_end = end;
			continue;
		}
		lx->pos = end;
		if (type == NEWS_TOK_BLANK && !lx->blanks)
			continue;
		tok->type = type;
		tok->start = start;
		tok->len = end - start;
		return true;
	}
	return false;
}

const char *
news_token_type_name(int type)
{
	if (type <= 0 || type > NEWS_TOK_MAXTYPE)
		return NULL;
	return type_names[type][0];
}

const char *
news_token_type_description(int type)
{
	if (type <= 0 || type > NEWS_TOK_MAXTYPE)
		return NULL;
	return type_names[type][1];
}
