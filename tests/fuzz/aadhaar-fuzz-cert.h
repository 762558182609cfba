/* aadhaar-fuzz-cert.h — the certificates of two throwaway test key pairs that signed the seeds
 * in corpus/aadhaar-secure/ and corpus/qr-classify/ (made with tests/aadhaar-qr-tool; the private
 * keys were not kept): the first signed v1/v2 seeds, the second the layout seeds (V2 with hashes,
 * V1 without, tile-parts, Psot 0, COM). One PEM bundle, loaded as one key list, so the seeds
 * verify and the fuzzer starts from inputs that reach every step of the parser, the "any listed
 * certificate" search included. */
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
  "-----BEGIN CERTIFICATE-----\n"
  "MIICuTCCAaGgAwIBAgIBATANBgkqhkiG9w0BAQsFADAgMR4wHAYDVQQDDBVzZXdh\n"
  "LWtpb3NrIHRlc3QgVUlEQUkwHhcNMjYxMjA3MTIwMzI3WhcNMjcxMjA3MTIwMzI3\n"
  "WjAgMR4wHAYDVQQDDBVzZXdhLWtpb3NrIHRlc3QgVUlEQUkwggEiMA0GCSqGSIb3\n"
  "DQEBAQUAA4IBDwAwggEKAoIBAQCyWau0fenBx2lwtMSoYOrosuGD464YDzb1OxdK\n"
  "v2k2OUfl/fj+HhKaX9Rz+pipbEk7K+6E1O47++4SNjlAGzDMdeBHpFH9ncdjLSHL\n"
  "FvstRkaUQ6Ybk6nov13Euj6HtnMaQap/W7mRzlVhREFsyPQShYLvckThnifa6Apg\n"
  "iie+yEtRrcjs36gmynUiKqroaCAuYw631DQdaLyJfMO4rHIMGPfu6+PC42N+f+Jg\n"
  "ZgjZNqrnEpLk5cTOhNHAfyKgkeSJb58vWsIMpWYiGnCbYGU/NWaf+njzZ+ZFOIgk\n"
  "eif9dySJGj+8LHlfXBQBSDcXkZ96xaseh4p7V7bUKCJ+JfE7AgMBAAEwDQYJKoZI\n"
  "hvcNAQELBQADggEBAHs6uQ/AE5Iyt8O67qKVqH99kTKBfTe21XeBli9C2Rw4dLDJ\n"
  "AY0JB+LqhA/F3AWd1vgBJjAsZDm9ZuoICFNnhogM2TjxFw011LnnKKmm0UvHQJh/\n"
  "3NLXCx/+xM+kHfTEvMBoLjtgrJUnNhWdVmKkvSzFDKTT8DhDKNLYkVN5frNUg/7a\n"
  "3UxVrf4kSYIuWBb8IJQ1WIXISJagW37hfPjJtUNsV+w7ErcXjBkhjh3MKezkULuH\n"
  "FOyes+ar5jypyWlYdvLZMKU20eP8NipGxjH8ny90OZrRPqKBwylfr+/6enMljwVw\n"
  "JV9Dfw2hdtDZoclnI3K7v5phA7vcYOY8NeYlkGw=\n"
  "-----END CERTIFICATE-----\n"
  ;
