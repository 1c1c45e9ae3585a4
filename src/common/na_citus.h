/*-------------------------------------------------------------------------
 *
 * na_citus.h
 *	  Recognizing a query fragment that a Citus coordinator sent to this
 *	  server.
 *
 * Citus runs the shard queries of a distributed statement over its own
 * connections, whose application_name starts with "citus_internal gpid=".
 * Such a backend has the worker's settings, not those of the user's
 * session on the coordinator (TimeZone and every other GUC stay local), so
 * the few functions whose answer depends on session state that the
 * coordinator does not forward -- news_rollup(timestamptz) and
 * to_news_vector(text) -- refuse to run there instead of silently
 * answering with the worker's state.  A user who sets that
 * application_name by hand gets the same refusals, nothing else.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NA_CITUS_H
#define NA_CITUS_H

#include "utils/guc.h"

#define NA_CITUS_FRAGMENT_PREFIX	"citus_internal gpid="

/*
 * na_in_citus_fragment
 *		True in a backend that runs shard queries for a Citus coordinator.
 */
static inline bool
na_in_citus_fragment(void)
{
	return application_name != NULL &&
		strncmp(application_name, NA_CITUS_FRAGMENT_PREFIX,
				strlen(NA_CITUS_FRAGMENT_PREFIX)) == 0;
}

#endif							/* NA_CITUS_H */
