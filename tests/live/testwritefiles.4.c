/* --write-files: a dirty file page, once evicted, is in the file itself,
 * where the program's own stdio read finds it (without the option it
 * would go to mmusim's in-memory overlay). */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

// live: --write-files
int main(void)
{
	char *name = vm_map(NULL, 0);
	strcpy(name, "data1.bin");
	char *file = vm_map(name, 0);
	memcpy(file, "THE", 3);
	for (int i = 0; i < 3; i++) {
		char *other = vm_map(NULL, 0);
		other[0] = (char)i;
	}
	char text[10] = "";
	FILE *f = fopen("data1.bin", "r");
	if (!f || fread(text, 1, 9, f) != 9)
		return 1;
	fclose(f);
	printf("%s\n", text);
	return 0;
}
