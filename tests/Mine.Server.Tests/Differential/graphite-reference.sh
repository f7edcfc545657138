#!/bin/bash
# The real Graphite for the differential test: Debian's graphite-web 1.1.8 under gunicorn, with carbon-cache
# running beside it only so that graphite-web's CarbonLink cache queries get a quick empty answer, as in a real
# deployment. Everything lives in DIR; the data set's whisper files go to DIR/whisper (written directly by
# make_dataset.py, not through carbon). Adapted from the project's shared tools/graphite-reference.sh.
#   graphite-reference.sh start DIR CARBON_PORT WEB_PORT SCHEMAS_FILE AGGREGATION_FILE [OWNER_PID [SETTINGS_FILE]]
#       carbon uses CARBON_PORT (plaintext), +1 (pickle), +2 (cache queries); graphite-web answers on WEB_PORT.
#       With OWNER_PID, both are stopped when that process ends (a test run that is killed leaves nothing behind).
#       SETTINGS_FILE: Python lines appended to graphite-web's settings (a front end's CLUSTER_SERVERS).
#   graphite-reference.sh stop DIR
#   graphite-reference.sh functions DIR    (after start) prints graphite-web's render function names, one a line;
#       its /functions API fails on Python 3.11 (inspect.getargspec is gone).
# Installs the Debian packages when they are missing (needs root; CI's .ci/run installs them beforehand).
set -eu
cmd=$1; dir=$2
case "$cmd" in
stop)
  for p in "$dir"/run/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done; exit 0 ;;
functions)
  cd "$dir/web"
  PYTHONPATH="$dir/web" DJANGO_SETTINGS_MODULE=graphite.settings GRAPHITE_SETTINGS_MODULE=mine_reference_settings /usr/bin/python3 -c '
import django
django.setup()
from graphite.functions import SeriesFunctions
print("\n".join(sorted(SeriesFunctions())))'
  exit 0 ;;
start)
  dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
  lport=$3 wport=$4 schemas=$5 aggregation=$6 owner=${7:-} extra=${8:-}
  if ! command -v carbon-cache >/dev/null || ! command -v gunicorn >/dev/null || [ ! -d /usr/lib/python3/dist-packages/graphite ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q graphite-carbon graphite-web python3-whisper gunicorn >/dev/null
  fi
  mkdir -p "$dir"/{conf,whisper,log,run,web}
  cat > "$dir/conf/carbon.conf" <<C
[cache]
STORAGE_DIR = $dir/
LOCAL_DATA_DIR = $dir/whisper/
CONF_DIR = $dir/conf/
LOG_DIR = $dir/log/
PID_DIR = $dir/run/
DATABASE = whisper
ENABLE_LOGROTATION = False
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = $lport
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = $((lport + 1))
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = $((lport + 2))
ENABLE_TAGS = False
CARBON_METRIC_PREFIX = carbon
CARBON_METRIC_INTERVAL = 0
C
  cp "$schemas" "$dir/conf/storage-schemas.conf"
  cp "$aggregation" "$dir/conf/storage-aggregation.conf"
  cat > "$dir/web/mine_reference_settings.py" <<P
SECRET_KEY = 'reference'
TIME_ZONE = 'UTC'
LOG_ROTATION = False
DEFAULT_XFILES_FACTOR = 0
GRAPHITE_ROOT = '/usr/share/graphite-web'
CONF_DIR = '$dir/conf'
STORAGE_DIR = '$dir/whisper'
WHISPER_DIR = '$dir/whisper'
STANDARD_DIRS = ['$dir/whisper']
STATIC_ROOT = '/usr/share/graphite-web/static'
LOG_DIR = '$dir/log'
INDEX_FILE = '$dir/search_index'
CARBONLINK_HOSTS = ['127.0.0.1:$((lport + 2))']
DATABASES = {'default': {'NAME': '$dir/web/graphite.db', 'ENGINE': 'django.db.backends.sqlite3'}}
FUNCTION_PLUGINS = []
P
  [ -z "$extra" ] || cat "$extra" >> "$dir/web/mine_reference_settings.py"
  cat > "$dir/web/mine_reference_wsgi.py" <<P
import os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'graphite.settings')
os.environ.setdefault('GRAPHITE_SETTINGS_MODULE', 'mine_reference_settings')
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
P
  # TZ: functions that call time.mktime (timeSlice) read the process's local zone; keep it the same everywhere.
  export TZ=UTC PYTHONPATH="$dir/web" DJANGO_SETTINGS_MODULE=graphite.settings GRAPHITE_SETTINGS_MODULE=mine_reference_settings
  [ -f "$dir/web/graphite.db" ] || /usr/bin/python3 -m django migrate --noinput > "$dir/log/migrate.log" 2>&1 \
    || { echo "graphite-web's database migration failed:" >&2; tail -n 20 "$dir/log/migrate.log" >&2; exit 1; }
  carbon-cache --config="$dir/conf/carbon.conf" --pidfile="$dir/run/carbon.pid" start < /dev/null > "$dir/log/carbon-start.log" 2>&1 \
    || { echo "carbon-cache did not start:" >&2; tail -n 3 "$dir/log/carbon-start.log" >&2; exit 1; }
  (cd "$dir/web" && setsid gunicorn -w 2 -b 127.0.0.1:$wport --pid "$dir/run/web.pid" mine_reference_wsgi:application < /dev/null > "$dir/log/web.log" 2>&1 &)
  up() { /usr/bin/python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "http://127.0.0.1:$wport/metrics/find?query=*" 2>/dev/null; }
  for _ in $(seq 1 120); do up && break; sleep 0.5; done
  up || { echo "graphite-web did not start:" >&2; tail -n 20 "$dir/log/web.log" >&2; exit 1; }
  if [ -n "$owner" ]; then
    (setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -f "$2/run/web.pid" ]; do sleep 2; done; [ ! -f "$2/run/web.pid" ] || bash "$3" stop "$2"' watch "$owner" "$dir" "$0" < /dev/null > /dev/null 2>&1 &)
  fi
  echo "graphite-web: http://127.0.0.1:$wport; whisper: $dir/whisper"
  ;;
*) echo "usage: $0 start DIR CARBON_PORT WEB_PORT SCHEMAS AGGREGATION [OWNER_PID [SETTINGS_FILE]] | stop DIR | functions DIR" >&2; exit 2 ;;
esac
