/* sha256: see include/sha256.h.  OpenSSL's libcrypto does the work. */
#include "config.h"

#include <openssl/evp.h>
#include <stdio.h>

#include "sha256.h"

void
sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;

	EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < md_len && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}
