package io.firstbell.stack.roster;

/** A school district: its URL slug, display name and whether its youngest students log in with badges. */
public record District(int id, String slug, String name, boolean badges) {}
