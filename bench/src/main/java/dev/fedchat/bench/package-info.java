package dev.fedchat.bench;
