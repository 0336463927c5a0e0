#!/bin/sh
# Make the reader rule take effect without a reboot (ignored where udev
# does not run, such as in containers).
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules >/dev/null 2>&1 || true
  udevadm trigger --subsystem-match=usb >/dev/null 2>&1 || true
fi
exit 0
