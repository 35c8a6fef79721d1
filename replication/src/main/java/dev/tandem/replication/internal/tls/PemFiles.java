/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads the PEM files Redis's directives name, with the JDK alone (no BouncyCastle): certificate
 * chains, and private keys in the three forms OpenSSL writes and Redis accepts: PKCS#8
 * ({@code BEGIN PRIVATE KEY}, and {@code BEGIN ENCRYPTED PRIVATE KEY} with the key's password),
 * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC ({@code BEGIN EC PRIVATE KEY}). The
 * last two are re-wrapped as PKCS#8, which is all the JDK's key factories read. A legacy
 * encrypted PKCS#1/SEC1 key ({@code Proc-Type: 4,ENCRYPTED}, OpenSSL's own scheme) is refused
 * with a message saying how to convert it.
 */
final class PemFiles {

    /** Certificates and keys are small; a bigger file is not one (and is not read whole). */
    static final long MAX_FILE_BYTES = 1 << 20;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ENCRYPTION_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
        0x01};

    private PemFiles() {
    }

    /** Every certificate in a PEM file, in order (a chain: the leaf first). */
    static List<X509Certificate> certificates(Path file) {
        byte[] bytes = read(file);
        try {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new TlsConfigException(file + ": no certificate found (expected PEM: BEGIN CERTIFICATE)");
            }
            return certs;
        } catch (CertificateException e) {
            throw new TlsConfigException(file + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The private key in a PEM file; {@code password} is used for an encrypted PKCS#8 key (empty = none). */
    static PrivateKey privateKey(Path file, String password) {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // OpenSSL may put EC PARAMETERS before the key
            }
            String body = m.group(2);
            if (body.contains("Proc-Type:")) {
                throw new TlsConfigException(file + ": a " + type + " encrypted with OpenSSL's legacy scheme "
                        + "(Proc-Type: 4,ENCRYPTED) cannot be read by the JDK; convert it to encrypted PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -in <key> -out <new key>'");
            }
            byte[] der = base64(file, body);
            try {
                return switch (type) {
                    case "PRIVATE KEY" -> pkcs8(der);
                    case "ENCRYPTED PRIVATE KEY" -> encryptedPkcs8(file, der, password);
                    case "RSA PRIVATE KEY" -> pkcs8(wrap(algorithmIdentifier(RSA_ENCRYPTION_OID, new byte[] {0x05, 0x00}), der));
                    case "EC PRIVATE KEY" -> pkcs8(wrap(algorithmIdentifier(EC_PUBLIC_KEY_OID, sec1Curve(file, der)), der));
                    default -> throw new TlsConfigException(file + ": unsupported key type " + type
                            + " (expected PKCS#8, PKCS#1 RSA or SEC1 EC)");
                };
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new TlsConfigException(file + ": cannot read the " + type + ": " + e.getMessage(), e);
            }
        }
        throw new TlsConfigException(file + ": no private key found (expected PEM: BEGIN PRIVATE KEY, "
                + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    /** Whether the file holds a PEM block of that type ({@code DH PARAMETERS}). */
    static boolean hasBlock(Path file, String type) {
        Matcher m = BLOCK.matcher(new String(read(file), StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return true;
            }
        }
        return false;
    }

    static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TlsConfigException(file + ": " + size + " bytes is too large for a certificate or key");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static byte[] base64(Path file, String body) {
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException(file + ": bad base64 in a PEM block: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 key of whichever algorithm it names. */
    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not an RSA, EC, EdDSA or DSA key", last);
    }

    private static PrivateKey encryptedPkcs8(Path file, byte[] der, String password) throws GeneralSecurityException {
        if (password.isEmpty()) {
            throw new TlsConfigException(file + ": the key is encrypted and no password is set "
                    + "(tls-key-file-pass / tls-client-key-file-pass)");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 (OpenSSL's default) names its real scheme in its parameters, which the JDK
            // renders as e.g. PBEWithHmacSHA256AndAES_256; PKCS#12's PBE schemes are named directly.
            String name = info.getAlgName();
            boolean pbes2 = name.equalsIgnoreCase("PBES2") || name.equals("1.2.840.113549.1.5.13");
            String algorithm = pbes2 && info.getAlgParameters() != null ? info.getAlgParameters().toString() : name;
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    info.getAlgParameters());
            return pkcs8(info.getKeySpec(cipher).getEncoded());
        } catch (IOException e) {
            throw new GeneralSecurityException("malformed encrypted key: " + e.getMessage(), e);
        } catch (javax.crypto.BadPaddingException e) {
            throw new GeneralSecurityException("bad password", e);
        }
    }

    /** The named-curve OID of a SEC1 {@code ECPrivateKey} (its {@code [0] parameters}). */
    private static byte[] sec1Curve(Path file, byte[] der) {
        Der seq = Der.of(der, 0);
        if (seq.tag != 0x30) {
            throw new IllegalArgumentException("not a SEC1 ECPrivateKey");
        }
        int at = seq.contentStart;
        while (at < seq.end) {
            Der element = Der.of(der, at);
            if (element.tag == 0xa0) {
                Der oid = Der.of(der, element.contentStart);
                if (oid.tag != 0x06) {
                    break;
                }
                return java.util.Arrays.copyOfRange(der, element.contentStart, oid.end);
            }
            at = element.end;
        }
        throw new TlsConfigException(file + ": the EC key names no curve (SEC1 without parameters); "
                + "write it with 'openssl ec -param_enc named_curve' or as PKCS#8");
    }

    private static byte[] algorithmIdentifier(byte[] oid, byte[] parameters) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(oid);
        content.writeBytes(parameters);
        return tlv(0x30, content.toByteArray());
    }

    /** {@code PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, privateKey OCTET STRING }}. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(algorithm);
        content.writeBytes(tlv(0x04, key));
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One DER element's header: its tag, where its content starts and where it ends. */
    private record Der(int tag, int contentStart, int end) {
        static Der of(byte[] b, int at) {
            if (at + 2 > b.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int tag = b[at] & 0xff;
            int len = b[at + 1] & 0xff;
            int start = at + 2;
            if (len >= 0x80) {
                int count = len & 0x7f;
                if (count == 0 || count > 3 || start + count > b.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < count; i++) {
                    len = (len << 8) | (b[start + i] & 0xff);
                }
                start += count;
            }
            if (start + len > b.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            return new Der(tag, start, start + len);
        }
    }
}
