/*
 * sim/trace/trace_text_tuning.h: knobs of the text trace reader that only tests
 * and benchmarks turn (small chunks to split lines at every byte, a small
 * line limit, a line counter near its end). Production code uses
 * trace_text.h, which opens sources with trace_text_default_tuning().
 */
#ifndef MMUSIM_SIM_TRACE_TEXT_TUNING_H
#define MMUSIM_SIM_TRACE_TEXT_TUNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

struct trace_text_tuning {
	size_t chunk_size;     /* bytes asked of fread at a time (>= 1) */
	size_t max_line;       /* longest accepted line, its LF included */
	uint64_t lines_before; /* lines already counted: the first line is this + 1 */
};

struct trace_text_tuning trace_text_default_tuning(void);

struct event_source *trace_text_open_stream_tuned(const char *name, FILE *f,
						  bool close_file,
						  const struct trace_text_tuning *tuning,
						  char *err, size_t err_len);

struct event_source *trace_text_open_buffer_tuned(const char *name, const char *data,
						  size_t len,
						  const struct trace_text_tuning *tuning,
						  char *err, size_t err_len);

#endif
