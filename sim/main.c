#include <stdio.h>
int main(void) { puts("mmusim: being built"); return 0; }
