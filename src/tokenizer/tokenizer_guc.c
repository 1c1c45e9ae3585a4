/*-------------------------------------------------------------------------
 *
 * tokenizer_guc.c
 *	  GUCs of the tokenizer subsystem: news_analytics.compound_lexicon.
 *
 * The GUC names the hunspell word list the compound splitter uses; the
 * check hook refuses a name whose files are not installed, so that a typo
 * fails at SET rather than on the next tokenized text.  tokenize.c loads
 * the named lexicon on first use.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <unistd.h>

#include "tsearch/ts_public.h"
#include "utils/guc.h"

#include "news_analytics.h"
#include "tokenizer/tokenizer_internal.h"

/* news_analytics.compound_lexicon; NULL until _PG_init has run */
char	   *news_compound_lexicon = NULL;

/*
 * lexicon_files_exist
 *		Whether <name>.dict and <name>.affix are readable in tsearch_data.
 */
static bool
lexicon_files_exist(const char *name)
{
	char	   *dict = get_tsearch_config_filename(name, "dict");
	char	   *affix = get_tsearch_config_filename(name, "affix");
	bool		ok = access(dict, R_OK) == 0 && access(affix, R_OK) == 0;

	pfree(dict);
	pfree(affix);
	return ok;
}

/*
 * check_compound_lexicon
 *		GUC check hook: a lexicon name is a tsearch_data base name (letters,
 *		digits, underscore), as get_tsearch_config_filename() requires, and
 *		its word list and affix files are installed.
 */
static bool
check_compound_lexicon(char **newval, void **extra, GucSource source)
{
	const char *p;

	if (*newval == NULL || **newval == '\0' || strlen(*newval) >= NAMEDATALEN)
	{
		GUC_check_errdetail("The lexicon name must be a non-empty name such as \"de_de\".");
		return false;
	}
	for (p = *newval; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
		{
			GUC_check_errdetail("A lexicon name may contain only lower-case letters, digits and underscores.");
			return false;
		}

	/*
	 * Refuse a name whose files are missing now, rather than failing on the
	 * next tokenized text.  ALTER DATABASE/ROLE ... SET (source PGC_S_TEST)
	 * only gets a notice, as for default_text_search_config: the files may
	 * be installed before the setting is used.  The built-in default
	 * (PGC_S_DEFAULT) is accepted too: a failing check of the boot value is
	 * FATAL while the library loads, which would close the connection of a
	 * CREATE EXTENSION on a server without the word lists instead of giving
	 * an error; loading the lexicon then reports the missing files.
	 */
	if (!lexicon_files_exist(*newval))
	{
		if (source == PGC_S_TEST || source == PGC_S_DEFAULT)
		{
			ereport(NOTICE,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("compound lexicon \"%s\" is not installed in tsearch_data", *newval)));
			return true;
		}
		GUC_check_errdetail("There is no %s.dict and %s.affix in PostgreSQL's tsearch_data directory.",
							*newval, *newval);
		GUC_check_errhint("Install the Debian package hunspell-de-ch (\"de_ch\") or hunspell-de-de (\"de_de\").");
		return false;
	}
	return true;
}

/*
 * news_tokenizer_init
 *		Called from _PG_init: define the tokenizer's GUCs.
 */
void
news_tokenizer_init(void)
{
	DefineCustomStringVariable(NEWS_GUC_PREFIX ".compound_lexicon",
							   "Hunspell word list used to split German compounds.",
							   "Base name of <name>.dict and <name>.affix in "
							   "PostgreSQL's tsearch_data directory "
							   "(Debian packages hunspell-de-ch, hunspell-de-de).",
							   &news_compound_lexicon,
							   NEWS_DEFAULT_LEXICON,
							   PGC_USERSET,
							   0,
							   check_compound_lexicon,
							   NULL,
							   NULL);
}
