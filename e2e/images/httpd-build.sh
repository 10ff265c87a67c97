#!/bin/sh
# Runs inside the Debian bookworm rootfs that images.sh makes with mmdebstrap: the
# steps of the official httpd image's recipe (../shared/upstream/docker-library-httpd-2.4.62/
# Dockerfile), with the Apache-signed source tarball that Debian's apache2 source
# package carries (/tmp/httpd.tar.gz, already verified) instead of a download.
set -eux
HTTPD_PREFIX=/usr/local/apache2
mkdir -p "$HTTPD_PREFIX"
chown www-data:www-data "$HTTPD_PREFIX"
cd "$HTTPD_PREFIX"
mkdir -p src
tar -xf /tmp/httpd.tar.gz -C src --strip-components=1
rm /tmp/httpd.tar.gz
cd src
gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"
CFLAGS="$(dpkg-buildflags --get CFLAGS)"
CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
./configure --build="$gnuArch" --prefix="$HTTPD_PREFIX" \
  --enable-mods-shared=reallyall --enable-mpms-shared=all --enable-pie \
  CFLAGS="-pipe $CFLAGS" CPPFLAGS="$CPPFLAGS" LDFLAGS="-Wl,--as-needed $LDFLAGS" >/tmp/configure.log
make -j "$(nproc)" >/tmp/make.log
make install >/tmp/install.log
cd ..
rm -r src man manual
# Logs to the container's stdout/stderr, workers as www-data (the recipe's edits).
sed -ri \
  -e 's!^(\s*CustomLog)\s+\S+!\1 /proc/self/fd/1!g' \
  -e 's!^(\s*ErrorLog)\s+\S+!\1 /proc/self/fd/2!g' \
  -e 's!^(\s*TransferLog)\s+\S+!\1 /proc/self/fd/1!g' \
  -e 's!^(\s*User)\s+daemon\s*$!\1 www-data!g' \
  -e 's!^(\s*Group)\s+daemon\s*$!\1 www-data!g' \
  conf/httpd.conf conf/extra/httpd-ssl.conf
grep -E '^\s*User www-data$' conf/httpd.conf
grep -E '^\s*Group www-data$' conf/httpd.conf
# Keep only the packages whose libraries the installed binaries load; purge the rest.
apt-mark auto '.*' >/dev/null
apt-mark manual $(cat /tmp/saved-apt-mark) >/dev/null
find /usr/local -type f -executable -exec ldd '{}' ';' |
  awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); printf "*%s\n", so }' |
  sort -u | xargs -r dpkg-query --search | cut -d: -f1 | sort -u | xargs -r apt-mark manual
apt-get purge -y -qq --auto-remove -o APT::AutoRemove::RecommendsImportant=false >/dev/null
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /tmp/*.log /tmp/saved-apt-mark
"$HTTPD_PREFIX/bin/httpd" -v
