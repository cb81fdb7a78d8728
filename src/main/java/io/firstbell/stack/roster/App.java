package io.firstbell.stack.roster;

/** A learning app in the catalogue; its OAuth client id is what portal tiles and the provider know it by. */
public record App(int id, String slug, String name, String clientId) {}
