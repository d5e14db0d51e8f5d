#!/usr/bin/env bash
# Creates a Tryton database for the end-to-end tests: setup-tryton.sh <work dir> <port>.
# Writes <dir>/trytond.conf (web client on 127.0.0.1:<port>, SQLite files in <dir>), creates the database
# "crm" (user admin, password admin) with the party and company modules, then the parties of
# seed-parties.py. Needs the Debian packages tryton-server tryton-modules-party tryton-modules-company
# tryton-sao. Run trytond afterwards with: /usr/bin/trytond -c <dir>/trytond.conf
set -euo pipefail
dir=$(cd "$1" && pwd)
port=$2
here=$(cd "$(dirname "$0")" && pwd)
database=crm

cat > "$dir/trytond.conf" <<CONF
[web]
listen = 127.0.0.1:$port
root = /usr/share/tryton-sao/www

[database]
uri = sqlite://
path = $dir
CONF

: > "$dir/$database.sqlite"
printf 'admin\n' > "$dir/admin-password"
# Initialises the database and activates the modules with their dependencies (country, currency) in one go.
TRYTONPASSFILE="$dir/admin-password" /usr/bin/trytond-admin -c "$dir/trytond.conf" -d "$database" \
  -u party company --activate-dependencies --email admin@example.com
# Tryton's Python API is installed for the Debian python3, which may not be the first one on PATH.
/usr/bin/python3 "$here/seed-parties.py" "$dir/trytond.conf" "$database"
