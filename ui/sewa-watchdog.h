/* sewa-watchdog.h — tell systemd the kiosk is up and its main loop is alive.
 *
 * sewa-kiosk.service is Type=notify with WatchdogSec=: the kiosk says READY=1 once its window
 * has drawn its first frame, and WATCHDOG=1 from a main-loop timer at half the interval
 * systemd gives in WATCHDOG_USEC, so a hung UI stops the pings and systemd restarts it.
 * Without NOTIFY_SOCKET (a developer's run, the tests) nothing is sent and no timer runs.
 *
 * The unit needs NotifyAccess=all (the main process is cage, the kiosk its child), so anything
 * that can reach the socket may speak for the kiosk: a session bus GLib autolaunches, or any
 * other child, would inherit NOTIFY_SOCKET and could say READY=1 before the first frame.
 * sewa_watchdog_take_environment() therefore takes NOTIFY_SOCKET, WATCHDOG_USEC and
 * WATCHDOG_PID out of the environment first thing in main(), before any thread or child
 * exists; only the kiosk itself keeps the address.
 */
#pragma once

#include "sewa-window.h"

G_BEGIN_DECLS

/* Call once, first in main(), while the process has one thread. */
void sewa_watchdog_take_environment (void);
void sewa_watchdog_attach (SewaWindow *window);

G_END_DECLS
