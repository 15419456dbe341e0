/* sim/config.c: being written */
