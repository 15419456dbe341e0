/*
 * sim/cli/plot_output.h: what sweep and mrc share for their plots: the
 * words of a subtitle, and writing PREFIX.svg (all or nothing) then
 * PREFIX.png through rsvg-convert when it is installed.
 */
#ifndef MMUSIM_SIM_PLOT_OUTPUT_H
#define MMUSIM_SIM_PLOT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "4 KiB", "64 KiB", "2 MiB", "512 B". */
void plot_output_page_size(char *buf, size_t len, uint32_t page_size);

/* The path without its folders. */
const char *plot_output_base_name(const char *path);

/* Write PREFIX.svg with write(out, ctx), then PREFIX.png; says on stderr
 * what was written ("mmusim COMMAND: wrote ..."). 0 when the SVG was
 * written (a PNG that could not be made is a note, not a failure), 2
 * with a message when it was not. */
int plot_output_write(const char *command, const char *prefix,
		      int (*write)(FILE *out, void *ctx), void *ctx);

#endif
