package io.ppscore.app;

public final class Main {
  public static void main(String[] args) {
    System.out.println(io.ppscore.events.avro.ClickEvent.getClassSchema());
  }
}
