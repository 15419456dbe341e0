/*
 * sim/cli/trace_header.c: the configuration a trace names (trace_header.h).
 * Only plain text traces are looked at: a header is a comment, and a
 * compressed or binary trace has no lines to look in.
 */
#include "trace_header.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SETS 64

struct header {
	char *file;              /* as resolved beside the trace, or NULL */
	char *sets[MAX_SETS];
	int set_count;
	unsigned line;           /* the header's last line, for messages */
};

static void header_free(struct header *h)
{
	free(h->file);
	for (int i = 0; i < h->set_count; i++)
		free(h->sets[i]);
}

static char *beside(const char *trace, const char *name)
{
	const char *slash = strrchr(trace, '/');
	size_t dir = slash && name[0] != '/' ? (size_t)(slash - trace + 1) : 0;
	char *out = malloc(dir + strlen(name) + 1);
	if (out) {
		memcpy(out, trace, dir);
		strcpy(out + dir, name);
	}
	return out;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
		     s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* 0 (maybe no header), or -1 with err. */
static int read_header(const char *trace, struct header *h, char *err, size_t err_len)
{
	*h = (struct header){0};
	struct stat st;
	if (strcmp(trace, "-") == 0 || stat(trace, &st) != 0 || !S_ISREG(st.st_mode))
		return 0; /* standard input, a pipe: read once, by the replay */
	FILE *f = fopen(trace, "rb");
	if (!f)
		return 0; /* the replay says why it cannot be opened */
	char line[1024];
	int c = fgetc(f);
	if (c != '#' && c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != 's') {
		fclose(f); /* binary, compressed, or no comment first */
		return 0;
	}
	ungetc(c, f);
	int rc = 0;
	for (unsigned n = 1; rc == 0 && fgets(line, sizeof line, f); n++) {
		const char *p = line + strspn(line, " \t");
		if (*p == '\n' || *p == '\r' || *p == '\0')
			continue;
		if (*p != '#')
			break; /* the first event: the header is over */
		trim(line);
		size_t cl = strlen(TRACE_HEADER_CONFIG), sl = strlen(TRACE_HEADER_SET);
		if (strncmp(p, TRACE_HEADER_CONFIG, cl) == 0) {
			if (h->file) {
				snprintf(err, err_len, "%s:%u: a second mmusim-config line",
					 trace, n);
				rc = -1;
			} else if (!p[cl]) {
				snprintf(err, err_len, "%s:%u: mmusim-config needs a file", trace, n);
				rc = -1;
			} else if (!(h->file = beside(trace, p + cl))) {
				rc = -1;
			}
			h->line = n;
		} else if (strncmp(p, TRACE_HEADER_SET, sl) == 0) {
			if (!strchr(p + sl, '=') || h->set_count == MAX_SETS) {
				snprintf(err, err_len, "%s:%u: mmusim-set needs KEY=VALUE (at most "
					 "%d of them)", trace, n, MAX_SETS);
				rc = -1;
			} else if (!(h->sets[h->set_count++] = strdup(p + sl))) {
				rc = -1;
			}
			h->line = n;
		}
	}
	fclose(f);
	if (rc != 0 && !err[0])
		snprintf(err, err_len, "%s: out of memory", trace);
	return rc;
}

/* Each key whose value the command line changed, as "KEY": old -> new. */
static void warn_changes(const char *cmd, const char *trace, const cJSON *from,
			 const cJSON *to, const char *prefix)
{
	for (const cJSON *a = from ? from->child : NULL; a; a = a->next) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(to, a->string);
		char key[160];
		snprintf(key, sizeof key, "%s%s", prefix, a->string);
		if (cJSON_IsObject(a)) {
			char sub[170];
			snprintf(sub, sizeof sub, "%s.", key);
			warn_changes(cmd, trace, a, b, sub);
		} else if (!cJSON_Compare(a, b, true) && strcmp(key, "name") != 0) {
			char *was = cJSON_PrintUnformatted(a), *now = b ? cJSON_PrintUnformatted(b) : NULL;
			fprintf(stderr, "%s: warning: the command line sets %s to %s; %s was "
				"made for %s\n", cmd, key, now ? now : "?", trace, was ? was : "?");
			free(was);
			free(now);
		}
	}
}

int trace_config_load(const char *cmd, const char *trace, const char *config_path,
		      const char *const *sets, int set_count,
		      struct mmusim_config *out, char *err, size_t err_len)
{
	struct header h;
	if (err_len)
		err[0] = '\0';
	if (read_header(trace, &h, err, err_len) != 0) {
		header_free(&h);
		return -1;
	}
	config_defaults(out);
	if (!h.file && !h.set_count) {
		header_free(&h);
		return config_load(out, config_path, sets, set_count, err, err_len);
	}
	struct mmusim_config base;
	config_defaults(&base);
	char why[900];
	if (config_load(&base, h.file, (const char *const *)h.sets, h.set_count, why,
			sizeof why) != 0) {
		snprintf(err, err_len, "%s:%u: the configuration the trace names: %s", trace,
			 h.line, why);
		header_free(&h);
		return -1;
	}
	int rc = 0;
	if (config_path || set_count) {
		/* The command line on top: its file instead of the trace's. */
		int n = config_path ? 0 : h.set_count;
		const char **all = calloc((size_t)(n + set_count) + 1, sizeof *all);
		if (!all) {
			snprintf(err, err_len, "out of memory");
			rc = -1;
		} else {
			for (int i = 0; i < n; i++)
				all[i] = h.sets[i];
			for (int i = 0; i < set_count; i++)
				all[n + i] = sets[i];
			rc = config_load(out, config_path ? config_path : h.file, all,
					 n + set_count, err, err_len);
			free(all);
		}
		if (rc == 0) {
			char *a = config_to_json(&base), *b = config_to_json(out);
			cJSON *ja = a ? cJSON_Parse(a) : NULL, *jb = b ? cJSON_Parse(b) : NULL;
			warn_changes(cmd, trace, ja, jb, "");
			cJSON_Delete(ja);
			cJSON_Delete(jb);
			free(a);
			free(b);
		}
	} else {
		*out = base;
	}
	header_free(&h);
	return rc;
}
