package dev.fedchat.server.federation.settings;

import java.security.PrivateKey;
import java.security.PublicKey;

/** This server's federation key pair, and the public key as published (single-line SPKI PEM). */
public record ServerKeys(PublicKey publicKey, PrivateKey privateKey, String publicPem) {}
