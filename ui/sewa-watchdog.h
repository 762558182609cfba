/* sewa-watchdog.h — tell systemd the kiosk is up and its main loop is alive.
 *
 * sewa-kiosk.service is Type=notify with WatchdogSec=: the kiosk says READY=1 once its window
 * has drawn its first frame, and WATCHDOG=1 from a main-loop timer at half the interval
 * systemd gives in WATCHDOG_USEC, so a hung UI stops the pings and systemd restarts it.
 * Without NOTIFY_SOCKET (a developer's run, the tests) nothing is sent and no timer runs.
 */
#pragma once

#include "sewa-window.h"

G_BEGIN_DECLS

void sewa_watchdog_attach (SewaWindow *window);

G_END_DECLS
