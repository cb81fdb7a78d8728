package io.firstbell.stack.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The OAuth clients the provider knows; read-only once the stack has started. */
public final class ClientRegistry {

  private final Map<String, Client> clients = new LinkedHashMap<>();

  /** Registers a client; the first registered is the sample app. */
  public void register(Client client) {
    clients.put(client.clientId(), client);
  }

  /** @return the client with this id, if any */
  public Optional<Client> find(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
  }

  /** @return the confidential client if {@code secret} is its secret (compared in constant time); never a public client */
  public Optional<Client> authenticate(String clientId, String secret) {
    return find(clientId).filter(c -> secret != null && !c.isPublic()
        && MessageDigest.isEqual(c.secret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** @return the public client with this id, if any: one that authenticates its token requests by PKCE alone */
  public Optional<Client> findPublic(String clientId) {
    return find(clientId).filter(Client::isPublic);
  }

  /** @return every registered client, in registration order */
  public Collection<Client> all() {
    return clients.values();
  }
}
