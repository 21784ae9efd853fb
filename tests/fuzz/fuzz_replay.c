/*
 * A main() for the fuzz targets in an ordinary build: runs one target over
 * every file of its seed corpus, so `make check` (and the sanitizer
 * stage) replays the corpus and any crash input added to it.
 *   replay_NAME [FILE|DIR...]   default: PF_FUZZ_CORPUS
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pf_fuzz.h"

static int
pf_replay_file(const char *path)
{
    FILE          *f;
    unsigned char *data;
    long           size;

    f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0)
    {
        fclose(f);
        return 1;
    }
    /* one byte more, so an empty file is a valid pointer too */
    data = malloc((size_t) size + 1);
    if (data == NULL || fread(data, 1, (size_t) size, f) != (size_t) size) {
        free(data);
        fclose(f);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t) size);
    free(data);
    return 0;
}

static int
pf_replay_path(const char *path, unsigned *count)
{
    struct stat    st;
    struct dirent *de;
    DIR           *d;
    char           file[4096];
    int            failed = 0;

    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return pf_replay_file(path);
    }
    d = opendir(path);
    if (d == NULL) {
        perror(path);
        return 1;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
        (*count)++;
        failed |= pf_replay_file(file);
    }
    closedir(d);
    return failed;
}

int
main(int argc, char **argv)
{
    unsigned count = 0;
    int      i, failed = 0;

    if (argc < 2) {
        failed = pf_replay_path(PF_FUZZ_CORPUS, &count);
    }
    for (i = 1; i < argc; i++) {
        failed |= pf_replay_path(argv[i], &count);
    }
    printf("%s: %u inputs replayed\n", argv[0], count);
    if (count == 0) {
        fprintf(stderr, "no inputs: the corpus is missing\n");
        return 1;
    }
    return failed;
}
