// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// A contract wallet with one owner key, as smart accounts validate signatures (ERC-1271):
/// a signature is good when the owner's key made it over the hash.
contract ContractWallet is IERC1271 {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        return error == ECDSA.RecoverError.NoError && signer == owner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}

/// Answers every call with its own call data: for isValidSignature that starts with the magic
/// value's four bytes, which must not pass for a valid ERC-1271 answer.
contract EchoWallet {
    fallback(bytes calldata data) external returns (bytes memory) {
        return data;
    }
}
