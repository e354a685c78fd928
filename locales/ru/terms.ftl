## Terms shared by every feature's messages (`{ -centre-phone }` in any file of this language).
## The numbers are facts of knowledge/organisations.yaml (`contactCentre`); a test keeps them equal.

# The unified contact centre for public services: short number and toll-free line.
-centre-phone = 1414
-centre-toll-free = 8-800-080-7777
