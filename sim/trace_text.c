/* sim/trace_text.c: being written */
