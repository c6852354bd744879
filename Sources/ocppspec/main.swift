print("ocppspec")
