/*
 * viz/viz.h: the visual front end's entry point, `mmusim viz` (issue 6,
 * docs/viz.md). Registered in sim/main.c when the build has SDL2.
 */
#ifndef MMUSIM_VIZ_VIZ_H
#define MMUSIM_VIZ_VIZ_H

/* argv[0] is "viz". Returns the exit status (0, 1, 2). */
int cmd_viz(int argc, char **argv);

#endif
