# For bootstrap scripts: check the ports before starting the server.
# Exit status of `preflight check`:
#   0  every port can be bound, or is held by this nginx already running
#      (its pid file): a rerun goes on
#   1  a port is held: the findings say who holds it and how to fix it
#   2  usage or configuration error (file and line printed)
#   3  a requested remedy failed or was refused
# preflight's own trouble (2, or no preflight at all) never keeps the
# server from starting: nginx -t and nginx itself have the last word.
preflight check --quiet --nginx /etc/nginx/nginx.conf
case $? in
    0) ;;
    1) echo "bootstrap: a port nginx needs is held (see above)" >&2
       exit 1 ;;
    *) echo "bootstrap: preflight could not check the ports; starting" \
            "nginx anyway" >&2 ;;
esac
systemctl start nginx

# Or in one step, keeping the server's own exit status:
#   preflight run --on-conflict fail -- nginx -g 'daemon off;'
