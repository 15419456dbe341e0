/*
 * sim/io/outstream.h: write a trace file, compressed when its name asks for
 * it (docs/trace-formats.md, "Compressed inputs").
 *
 * A name ending in ".gz" is written as gzip (zlib, level 6), one ending in
 * ".zst" as zstd (libzstd, level 3); anything else as it is. The stream
 * returned is an ordinary FILE: fwrite to it, and fclose() it to finish
 * the compressed data. fclose() returns EOF if any write, the compressor's
 * end or the close of `raw` failed, so a caller that checks it knows the
 * file is whole.
 */
#ifndef MMUSIM_SIM_OUTSTREAM_H
#define MMUSIM_SIM_OUTSTREAM_H

#include <stddef.h>
#include <stdio.h>

#include "instream.h"

/* The codec a file name asks for. */
enum instream_codec outstream_codec_for(const char *name);

/* Wrap `raw` (which the stream then owns and closes) in a compressor.
 * INSTREAM_PLAIN returns `raw` itself. NULL with "NAME: reason" in err on
 * failure; `raw` is closed then too. */
FILE *outstream_wrap(FILE *raw, enum instream_codec codec, const char *name,
		     char *err, size_t err_len);

#endif
