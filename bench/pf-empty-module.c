/*
 * An Apache module that does nothing: what loading any module costs a
 * start (bench/apache_startup.sh compares mod_preflight with it).
 */
#include "httpd.h"
#include "http_config.h"

module AP_MODULE_DECLARE_DATA pf_empty_module = {
    STANDARD20_MODULE_STUFF,
    NULL, NULL, NULL, NULL, NULL, NULL
};
