#include "sewa-drivers.h"

const char *
sewa_drivers_describe (void)
{
  return "camera: libgphoto2; printer: CUPS; qr: ZBar";
}
