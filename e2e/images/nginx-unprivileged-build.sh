#!/bin/sh
# Runs inside the Debian trixie rootfs that images.sh makes with mmdebstrap, after
# Debian's nginx is installed: the edits of the nginx-unprivileged recipe
# (../shared/upstream/nginx-unprivileged-stable-debian/Dockerfile), made to fit
# Debian's layout (its nginx.conf names `user www-data` and `/run/nginx.pid`, and
# its default site is in sites-enabled, not conf.d).
set -eux
# The recipe's user and group 101; fail rather than take another id.
groupadd --system --gid 101 nginx
useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx
[ "$(id -u nginx):$(id -g nginx)" = 101:101 ]

# The recipe's default server, on 8080, serving /usr/share/nginx/html.
rm -f /etc/nginx/sites-enabled/default
mkdir -p /etc/nginx/conf.d /usr/share/nginx/html /var/cache/nginx
cat >/etc/nginx/conf.d/default.conf <<'CONF'
server {
    listen       8080;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
CONF
grep -q 'include /etc/nginx/conf.d/\*\.conf;' /etc/nginx/nginx.conf

# Unprivileged: no `user` directive, the pid file and the temporary files under /tmp.
sed -i '/^user /d' /etc/nginx/nginx.conf
sed -i 's,^pid .*;,pid /tmp/nginx.pid;,' /etc/nginx/nginx.conf
sed -i "/^http {/a \    proxy_temp_path /tmp/proxy_temp;\n    client_body_temp_path /tmp/client_temp;\n    fastcgi_temp_path /tmp/fastcgi_temp;\n    uwsgi_temp_path /tmp/uwsgi_temp;\n    scgi_temp_path /tmp/scgi_temp;\n" /etc/nginx/nginx.conf
grep -q '^pid /tmp/nginx.pid;' /etc/nginx/nginx.conf
grep -q 'client_body_temp_path /tmp/client_temp;' /etc/nginx/nginx.conf
! grep -q '^user ' /etc/nginx/nginx.conf

# Logs to the container's stdout and stderr.
ln -sf /dev/stdout /var/log/nginx/access.log
ln -sf /dev/stderr /var/log/nginx/error.log

# The nginx user owns the cache and the configuration, as in the recipe.
chown -R 101:0 /var/cache/nginx /etc/nginx
chmod -R g+w /var/cache/nginx /etc/nginx
mkdir -p /docker-entrypoint.d
nginx -t
rm -rf /tmp/*_temp /tmp/nginx.pid
