#!/bin/sh
# After installing or upgrading AA Logon:
# 1. the group aalogon: its members may read the endpoint secret of a
#    machine-wide registration (/etc/aalogon/client.json.secret,
#    root:aalogon 0640; docs/configuration.md). An administrator adds the
#    people who may sign in at this computer: usermod -aG aalogon NAME.
#    The group is kept on removal: files may still name it.
# 2. the reader rule takes effect without a reboot (ignored where udev does
#    not run, such as in containers).
if ! getent group aalogon >/dev/null 2>&1; then
  if command -v groupadd >/dev/null 2>&1; then
    groupadd --system aalogon || true
  elif command -v addgroup >/dev/null 2>&1; then
    addgroup --system aalogon || true
  fi
fi
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules >/dev/null 2>&1 || true
  udevadm trigger --subsystem-match=usb >/dev/null 2>&1 || true
fi
exit 0
