package io.firstbell.stack.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** JSON bodies for the provider's API responses. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** @return a new, empty JSON object */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Writes {@code body} with {@code status}; never cached (tokens and identities). */
  public static void respond(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).header("Cache-Control", "no-store").header("Pragma", "no-cache")
          .contentType("application/json").result(MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
