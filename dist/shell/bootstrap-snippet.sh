# For bootstrap scripts: check the ports before starting the server.
# Exit status of `preflight check`:
#   0  every port can be bound
#   1  a port is held: the findings say who holds it and how to fix it
#   2  usage or configuration error (file and line printed)
#   3  a requested remedy failed or was refused
preflight check --quiet --nginx /etc/nginx/nginx.conf
case $? in
    0) ;;
    1) echo "bootstrap: a port nginx needs is held (see above)" >&2
       exit 1 ;;
    *) echo "bootstrap: preflight could not check the configuration" >&2
       exit 1 ;;
esac
systemctl start nginx

# Or in one step, keeping the server's own exit status:
#   preflight run --on-conflict fail -- nginx -g 'daemon off;'
