/*
 * pf-fake-netsh: a stand-in for netsh.exe in a test prefix's system32
 * (WINEDLLOVERRIDES=netsh.exe=n), so that preflight.exe reads recorded
 * captures of a real Windows host through its own Windows code.
 *
 *   netsh interface ipv4|ipv6 show excludedportrange protocol=tcp
 *       prints $PF_FAKE_NETSH/excluded_ipv4.txt (or _ipv6)
 *   netsh interface ipv4|ipv6 show dynamicport tcp
 *       prints $PF_FAKE_NETSH/dynamic_ipv4.txt (or _ipv6)
 *
 * The bytes are printed as they are (a capture may be UTF-16 or an OEM
 * code page).  Anything else, or a missing file: nothing, exit 1.
 */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
has_arg(int argc, char **argv, const char *word)
{
    int i;

    for (i = 1; i < argc; i++) {
        if (_stricmp(argv[i], word) == 0) {
            return 1;
        }
    }
    return 0;
}

int
main(int argc, char **argv)
{
    const char *dir = getenv("PF_FAKE_NETSH"), *what = NULL;
    char        path[1024], buf[4096];
    FILE       *f;
    size_t      n;
    int         v6 = has_arg(argc, argv, "ipv6");

    if (has_arg(argc, argv, "excludedportrange")) {
        what = v6 ? "excluded_ipv6.txt" : "excluded_ipv4.txt";
    } else if (has_arg(argc, argv, "dynamicport")) {
        what = v6 ? "dynamic_ipv6.txt" : "dynamic_ipv4.txt";
    }
    if (dir == NULL || what == NULL) {
        return 1;
    }
    /* a Unix path from the test: Wine's Z: drive is / */
    snprintf(path, sizeof(path), "%s%s/%s", dir[0] == '/' ? "Z:" : "", dir,
             what);
    f = fopen(path, "rb");
    if (f == NULL) {
        return 1;
    }
    _setmode(_fileno(stdout), _O_BINARY);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        fwrite(buf, 1, n, stdout);
    }
    fclose(f);
    return 0;
}
