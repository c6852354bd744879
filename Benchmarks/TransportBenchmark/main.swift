print("TransportBenchmark: not written yet")
