/* aadhaar-fuzz-cert.h — the certificate of a throwaway test key pair that signed the seeds in
 * corpus/aadhaar-secure/ (made with tests/aadhaar-qr-tool; the private key was not kept). With
 * it, the seeds verify, so the fuzzer starts from inputs that reach every step of the parser. */
#pragma once

static const char aadhaar_fuzz_cert_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIICuTCCAaGgAwIBAgIBATANBgkqhkiG9w0BAQsFADAgMR4wHAYDVQQDDBVzZXdh\n"
  "LWtpb3NrIHRlc3QgVUlEQUkwHhcNMjYxMTMwMDg1MTEzWhcNMjcxMTMwMDg1MTEz\n"
  "WjAgMR4wHAYDVQQDDBVzZXdhLWtpb3NrIHRlc3QgVUlEQUkwggEiMA0GCSqGSIb3\n"
  "DQEBAQUAA4IBDwAwggEKAoIBAQCkaNiItzByU4gfFG+vX78mkTFGrAC5nRwd12VR\n"
  "1jpX7beMKyW55q/2BSdXFeZbHXnfcYbuv/hNVG6fgzVVMMYBXCj4zmYmjJkz2sZl\n"
  "4Su8ju3YJplLHOd3n6mpVEbVcmK7psDFfN/tln/R5h/n/UBOw83ncUDz5JrBuiuu\n"
  "mzSbh3i8R6vncjDHW1n/nCsSlZLeJwhA09u5bmJLUmfF9LH0Ki4txRcmznoZLgrM\n"
  "V7SBJV0Nqw5uDP8LBvdBc6+mgsHLxTe0AIJdoCBGU2KYs9om2qG/lzjAuz+uKiC6\n"
  "g22LWzzSs6kC/CR0eybXqHa9J9+06ppWEmNytkF2gzuUhPhbAgMBAAEwDQYJKoZI\n"
  "hvcNAQELBQADggEBAARKAl++hRHoQL7tIKK1URgy/cBnRqmAE2ur1ejPECmaKYgh\n"
  "b/rnGfLQWSxcRV8bKU7GtPNqJWKmTUONuw+zOITSsuFMOEexfJS/0IrieC2dWt2g\n"
  "aEKysmsxt7oPi6XYIofUvwxNlvv3e3ngVWRgnni26lr8XiXzu5WvDkeYc1M8Ytgj\n"
  "BZmULLDQavboY+r2NTi/8XGCC7RelwXx5siby4BBqgct4AFYHH6ThYTZrGfAe4BM\n"
  "zDFXsqeqHJ4wNqYfuHMxuhm1/M49tdwb6LxdgFVdT6X+3Jp8A39DXt2ywDSbFCxW\n"
  "hXNfUHtsK1Djfp+PNcVwwfbliFgLDEtiGnCfWyc=\n"
  "-----END CERTIFICATE-----\n"
  ;
